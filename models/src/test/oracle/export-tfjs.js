#!/usr/bin/env node
'use strict';
/*
 * export-tfjs.js - fixtures for importing models trained elsewhere: small Sequential models built and
 * trained with TensorFlow.js Layers 4.22 (pure-JS CPU backend), saved in the TF.js Layers format
 * (model.json + weights shards) the way tfjs-node's file:// handler writes them, plus expected.json
 * with TF.js's predictions on fixed inputs and after one further SGD step.
 *
 *   cd models/src/test/oracle && npm ci && node export-tfjs.js ../resources/import
 *
 * tfjs-node does not install offline, so a custom tf.io.withSaveHandler writes the files. Inputs and
 * targets follow fround(scale*sin(freq*k+phase)) (as gen.js); training is seeded and unshuffled, so a
 * rerun writes the same bytes.
 */
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

const OUT = process.argv[2] || path.join(__dirname, '..', 'resources', 'import');
const f32 = Math.fround;
const prod = s => s.reduce((a, b) => a * b, 1);
function sinFill(shape, scale, freq, phase) {
  const a = new Float32Array(prod(shape));
  for (let k = 0; k < a.length; k++) a[k] = f32(scale * Math.sin(freq * k + phase));
  return a;
}
const seeded = s => ({ kernelInitializer: tf.initializers.glorotUniform({ seed: s }) });
const rnnSeeded = s => ({ ...seeded(s), recurrentInitializer: tf.initializers.orthogonal({ seed: s + 1 }) });

const MODELS = [
  {
    name: 'mlp', description: 'Dense(16 relu, L2 0.001) -> Dropout(0.1) -> Dense(8 tanh) -> Dense(1), mse, adam',
    input: [4], shards: 1, dropout: true,
    layers: () => [
      tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4], kernelRegularizer: tf.regularizers.l2({ l2: 0.001 }), ...seeded(1) }),
      tf.layers.dropout({ rate: 0.1, seed: 5 }),
      tf.layers.dense({ units: 8, activation: 'tanh', ...seeded(2) }),
      tf.layers.dense({ units: 1, ...seeded(3) }),
    ],
  },
  {
    name: 'lstm_dense', description: 'LSTM(8, recurrent_activation sigmoid as in Keras) -> Dense(1), mse, adam', input: [6, 2], shards: 1,
    layers: () => [tf.layers.lstm({ units: 8, inputShape: [6, 2], recurrentActivation: 'sigmoid', ...rnnSeeded(10) }), tf.layers.dense({ units: 1, ...seeded(12) })],
  },
  {
    name: 'gru', description: 'GRU(6) (reset_after=False, the only GRU TF.js has; TF.js default recurrent_activation hard_sigmoid) -> Dense(1), mse, adam', input: [6, 2], shards: 1,
    layers: () => [tf.layers.gru({ units: 6, inputShape: [6, 2], ...rnnSeeded(20) }), tf.layers.dense({ units: 1, ...seeded(22) })],
  },
  {
    name: 'simple_rnn', description: 'SimpleRNN(5) -> Dense(1), mse, adam', input: [6, 1], shards: 1,
    layers: () => [tf.layers.simpleRNN({ units: 5, inputShape: [6, 1], ...rnnSeeded(30) }), tf.layers.dense({ units: 1, ...seeded(32) })],
  },
  {
    name: 'stacked_lstm', description: 'LSTM(8, return_sequences) -> LSTM(4) -> Dense(1), mse, adam; weights in 2 shards',
    input: [6, 2], shards: 2,
    layers: () => [
      tf.layers.lstm({ units: 8, returnSequences: true, inputShape: [6, 2], recurrentActivation: 'sigmoid', ...rnnSeeded(40) }),
      tf.layers.lstm({ units: 4, recurrentActivation: 'sigmoid', ...rnnSeeded(42) }),
      tf.layers.dense({ units: 1, ...seeded(44) }),
    ],
  },
  {
    name: 'conv1d', description: 'Conv1D(8, 3, relu) -> MaxPooling1D(2) -> Flatten -> Dense(1), mse, adam', input: [12, 2], shards: 1,
    layers: () => [
      tf.layers.conv1d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [12, 2], ...seeded(50) }),
      tf.layers.maxPooling1d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1, ...seeded(52) }),
    ],
  },
];

function data(spec, n, phase) {
  const shape = [n, ...spec.input];
  const x = sinFill(shape, 1.0, 0.37, phase);
  const per = prod(spec.input);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) { // a smooth function of the sample, learnable by every model
    let s = 0;
    for (let k = 0; k < per; k++) s += x[i * per + k] * Math.cos(0.5 * k);
    y[i] = f32(Math.tanh(0.5 * s));
  }
  return { shape, x, y };
}

const tensorJson = (shape, arr) => ({ shape, data: Array.from(arr) });

/** Writes what tfjs-node's file:// handler writes: model.json and the weight shards. */
function saveHandler(dir, shards) {
  return tf.io.withSaveHandler(async artifacts => {
    fs.mkdirSync(dir, { recursive: true });
    const buf = Buffer.from(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
    // split on weight boundaries, the way the converter shards large models
    const specs = artifacts.weightSpecs;
    const paths = [];
    const cut = [0];
    if (shards > 1) {
      let off = 0; const half = buf.length / 2;
      for (const w of specs) { off += prod(w.shape) * 4; if (off >= half && cut.length < shards) { cut.push(off); } }
    }
    cut.push(buf.length);
    for (let i = 0; i + 1 < cut.length; i++) {
      const name = shards > 1 ? `group1-shard${i + 1}of${cut.length - 1}.bin` : 'weights.bin';
      fs.writeFileSync(path.join(dir, name), buf.subarray(cut[i], cut[i + 1]));
      paths.push(name);
    }
    const modelJson = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      weightsManifest: [{ paths, weights: specs }],
    };
    if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson, null, 1) + '\n');
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  });
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  const expected = {
    generator: 'models/src/test/oracle/export-tfjs.js', tfjs: tf.version.tfjs, backend: tf.getBackend(),
    conventions: 'tensors are {shape, data} row-major float32 values; predict = model.predict(probe.x); '
      + 'after_sgd_step = predictions on probe.x after one model.trainOnBatch(probe.x, probe.y) with SGD(0.1) and mse, '
      + 'starting from the saved weights (null for models with dropout: TF.js draws its masks from its own random stream)',
    models: {},
  };
  for (const spec of MODELS) {
    const model = tf.sequential({ layers: spec.layers() });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const train = data(spec, 32, 0.1);
    const xt = tf.tensor(train.x, train.shape); const yt = tf.tensor(train.y, [train.y.length, 1]);
    const h = await model.fit(xt, yt, { epochs: 5, batchSize: 8, shuffle: false, verbose: 0 });
    await model.save(saveHandler(path.join(OUT, spec.name), spec.shards));

    const probe = data(spec, 5, 2.3);
    const xp = tf.tensor(probe.x, probe.shape); const yp = tf.tensor(probe.y, [probe.y.length, 1]);
    const pred = model.predict(xp).dataSync();
    // continue training from the saved weights: one plain SGD step
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const loss = await model.trainOnBatch(xp, yp);
    const after = model.predict(xp).dataSync();
    expected.models[spec.name] = {
      description: spec.description,
      train_loss_history: h.history.loss,
      probe: { x: tensorJson(probe.shape, probe.x), y: tensorJson([probe.y.length, 1], probe.y) },
      predict: tensorJson([probe.y.length, 1], pred),
      // dropout draws from TF.js's random stream in training, so that step cannot be replayed elsewhere
      sgd_step_loss: spec.dropout ? null : loss,
      after_sgd_step: spec.dropout ? null : tensorJson([probe.y.length, 1], after),
    };
    process.stderr.write(`${spec.name}: loss ${h.history.loss.map(v => v.toFixed(4)).join(' ')}\n`);
  }
  fs.writeFileSync(path.join(OUT, 'expected.json'), JSON.stringify(expected, null, 1) + '\n');
}

main().catch(e => { console.error(e); process.exit(1); });
