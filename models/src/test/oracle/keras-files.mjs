#!/usr/bin/env node
/*
 * keras-files.mjs - Keras model files in the exact layouts Keras 2.0.8, tf.keras 2.10 and Keras 3 write
 * (model_config / model_weights / weight_names attributes; Keras 3 zip with config.json, metadata.json and
 * model.weights.h5), written by libhdf5 itself (h5wasm, the HDF5 C library compiled to WebAssembly; h5py
 * wraps the same library), each with the predictions it must give:
 *
 *   - keras2/: models of the Keras.js layer notebooks (github.com/transcranial/keras-js, MIT licence),
 *     which ran real Keras 2 (TensorFlow backend) and printed Keras's own outputs. Their weights were drawn
 *     with numpy's legacy generator (np.random.seed(s); 2 * np.random.random(shape) - 1), reproduced here
 *     bit for bit (MT19937), so the files hold exactly the weights Keras ran with; the expected outputs are
 *     Keras's, as the notebooks printed them (6 or 8 decimals).
 *   - tfkeras/: tf.keras 2.10 files using what real tf.keras files hold and older importers refused; their
 *     expected outputs come from TensorFlow.js Layers 4.22 (a port of Keras) running the same model and
 *     weights, or, where TF.js has no such layer, from a plain double-precision forward pass below.
 *   - keras3/: Keras 3 .keras archives: a Functional model that is a chain, and a Sequential saved on
 *     Windows (backslashes in the weight paths, keras-team/keras#18528), both with the weights and TF.js
 *     predictions of the lstm_dense fixture.
 *
 *   cd models/src/test/oracle && npm ci && node keras-files.mjs ../resources/import/keras
 *
 * A rerun writes the same predictions; the HDF5 bytes may differ in timestamps only.
 */
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import { fileURLToPath } from 'url';
import h5wasm from 'h5wasm/node';
import tf from '@tensorflow/tfjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = process.argv[2] || path.join(HERE, '..', 'resources', 'import', 'keras');
const f32 = Math.fround;
const prod = s => s.reduce((a, b) => a * b, 1);

// ---- numpy's legacy RandomState: np.random.seed(int) + np.random.random(shape) ---------------------------
class NumpyRandom {
  seed(s) {
    this.mt = new Uint32Array(624);
    this.mt[0] = s >>> 0;
    for (let i = 1; i < 624; i++) {
      const p = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = (Math.imul(1812433253, p) + i) >>> 0;
    }
    this.pos = 624;
  }

  next32() {
    if (this.pos >= 624) {
      const mt = this.mt;
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.pos = 0;
    }
    let y = this.mt[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  random(n) { // random_sample: 53-bit doubles
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = this.next32() >>> 5;
      const b = this.next32() >>> 6;
      out[i] = (a * 67108864.0 + b) / 9007199254740992.0;
    }
    return out;
  }
}

const rng = new NumpyRandom();
/** 2 * np.random.random(shape) - 1 after np.random.seed(seed) (seed null: continue the stream). */
function uniform(seed, shape, scale = 1) {
  if (seed !== null) rng.seed(seed);
  return Array.from(rng.random(prod(shape)), v => (2 * v - 1) * scale);
}
const round = (v, places) => Math.round(v * 10 ** places) / 10 ** places;
function checkPrinted(what, values, printed, places = 6) {
  printed.forEach((p, i) => {
    if (round(values[i], places) !== p) throw new Error(`${what}[${i}]: ${values[i]} does not print as ${p}`);
  });
}

// ---- Keras 2 / tf.keras .h5 ------------------------------------------------------------------------------
/** A fixed-length string attribute, as h5py stores Keras's utf8-encoded bytes (and lists of them). */
function bytesAttr(node, name, value) {
  const list = Array.isArray(value) ? value : [value];
  const len = Math.max(1, ...list.map(s => Buffer.byteLength(s, 'utf8')));
  node.create_attribute(name, list, Array.isArray(value) ? [list.length] : null, `A${len}`);
}

/**
 * legacy save_model: root attributes keras_version, backend, model_config; group model_weights with
 * layer_names, backend, keras_version; per layer a group with weight_names and the datasets at those paths.
 */
async function writeH5(file, { kerasVersion, modelConfig, layers }) {
  await h5wasm.ready;
  const f = new h5wasm.File(file, 'w');
  bytesAttr(f, 'keras_version', kerasVersion);
  bytesAttr(f, 'backend', 'tensorflow');
  bytesAttr(f, 'model_config', JSON.stringify(modelConfig));
  const mw = f.create_group('model_weights');
  bytesAttr(mw, 'layer_names', layers.map(l => l.name));
  bytesAttr(mw, 'backend', 'tensorflow');
  bytesAttr(mw, 'keras_version', kerasVersion);
  for (const l of layers) {
    const g = mw.create_group(l.name);
    if (l.weights.length === 0) {
      g.create_attribute('weight_names', new Float64Array(0), [0]); // np.asarray([]): an empty float64 array
      continue;
    }
    bytesAttr(g, 'weight_names', l.weights.map(w => w.name));
    for (const w of l.weights) {
      const parts = w.name.split('/');
      let parent = g;
      for (const p of parts.slice(0, -1)) parent = parent.keys().includes(p) ? parent.get(p) : parent.create_group(p);
      parent.create_dataset({ name: parts[parts.length - 1], data: Float32Array.from(w.values), shape: w.shape });
    }
  }
  f.close();
}

// ---- Keras 3 .keras --------------------------------------------------------------------------------------
/** saving_lib.H5IOStore: a group per path holding "vars/0..n"; sep is "/" or, as on Windows, "\\". */
async function writeWeightsH5(file, entries, sep) {
  await h5wasm.ready;
  const f = new h5wasm.File(file, 'w');
  f.create_group('vars'); // the model's own (no) variables
  for (const e of entries) {
    let g = f; // h5py's create_group makes the intermediate groups too
    for (const seg of e.path.split('/').join(sep).split('/')) g = g.keys().includes(seg) ? g.get(seg) : g.create_group(seg);
    const vars = g.create_group('vars');
    e.values.forEach((w, i) => vars.create_dataset({ name: String(i), data: Float32Array.from(w.values), shape: w.shape }));
  }
  f.close();
}

/** A zip with stored (uncompressed) entries, as Python's zipfile.ZipFile(path, "w") writes. */
function writeZip(file, entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  const dosTime = 0; const dosDate = (46 << 9) | (11 << 5) | 22; // 2026-11-22 00:00
  for (const [name, data] of entries) {
    const n = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data) >>> 0;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(0, 6); lh.writeUInt16LE(0, 8);
    lh.writeUInt16LE(dosTime, 10); lh.writeUInt16LE(dosDate, 12); lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18); lh.writeUInt32LE(data.length, 22); lh.writeUInt16LE(n.length, 26);
    lh.writeUInt16LE(0, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt16LE(0, 8);
    ch.writeUInt16LE(0, 10); ch.writeUInt16LE(dosTime, 12); ch.writeUInt16LE(dosDate, 14); ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20); ch.writeUInt32LE(data.length, 24); ch.writeUInt16LE(n.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, n, data);
    centrals.push(ch, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  fs.writeFileSync(file, Buffer.concat([...locals, cd, end]));
}

// ---- config pieces ---------------------------------------------------------------------------------------
const VS = { class_name: 'VarianceScaling', config: { scale: 1.0, mode: 'fan_avg', distribution: 'uniform', seed: null } };
const ZEROS = { class_name: 'Zeros', config: {} };
const ONES = { class_name: 'Ones', config: {} };
const ORTH = { class_name: 'Orthogonal', config: { gain: 1.0, seed: null } };
const GLOROT = { class_name: 'GlorotUniform', config: { seed: null } };

/** Keras 2.0.8 recurrent layer config (key order as 2.0.8's get_config). */
function keras208Rnn(cls, name, units, extra) {
  const c = {
    name, trainable: true, return_sequences: true, return_state: false, go_backwards: false, stateful: false,
    unroll: false, implementation: 0, units, activation: 'tanh', recurrent_activation: 'hard_sigmoid', use_bias: true,
    kernel_initializer: VS, recurrent_initializer: ORTH, bias_initializer: ZEROS,
  };
  if (cls === 'LSTM') c.unit_forget_bias = true;
  Object.assign(c, {
    kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null,
    kernel_constraint: null, recurrent_constraint: null, bias_constraint: null, dropout: 0.0, recurrent_dropout: 0.0,
  }, extra);
  return c;
}

/** Keras 2 Model(inputs=Input(shape), outputs=layer(input)): the chain-shaped Functional config. */
function keras2Functional(inputShape, layer) {
  return {
    class_name: 'Model',
    config: {
      name: 'model_1',
      layers: [
        { name: 'input_1', class_name: 'InputLayer', config: { batch_input_shape: [null, ...inputShape], dtype: 'float32', sparse: false, name: 'input_1' }, inbound_nodes: [] },
        { name: layer.config.name, class_name: layer.class_name, config: layer.config, inbound_nodes: [[['input_1', 0, 0, {}]]] },
      ],
      input_layers: [['input_1', 0, 0]],
      output_layers: [[layer.config.name, 0, 0]],
    },
  };
}

// ---- keras2/: the Keras.js notebooks (real Keras 2 outputs) ------------------------------------------------
const KERAS2 = '2.0.8';

/** notebooks/layers/wrappers/Bidirectional.ipynb, cases 5 (GRU) and 6 (LSTM): weights seeded 4020+i / 4030+i. */
function bidirectional(cls, seed, gates, printed) {
  const units = 4;
  const shapes = [[6, gates * units], [units, gates * units], [gates * units]];
  const w = [];
  for (let i = 0; i < 6; i++) w.push(uniform(seed + i, shapes[i % 3]));
  const x = uniform(null, [3, 6]); // the stream goes on after the last weight
  checkPrinted(`${cls} W`, w[0], printed.W);
  checkPrinted(`${cls} in`, x, printed.in);
  const lname = cls.toLowerCase() + '_1';
  const layer = {
    class_name: 'Bidirectional',
    config: { name: 'bidirectional_1', trainable: true, layer: { class_name: cls, config: keras208Rnn(cls, lname, units, {}) }, merge_mode: 'concat' },
  };
  const names = ['kernel', 'recurrent_kernel', 'bias'];
  const weights = w.map((v, i) => ({
    name: `bidirectional_1/${i < 3 ? 'forward' : 'backward'}_${lname}/${names[i % 3]}:0`, shape: shapes[i % 3], values: v,
  }));
  return {
    config: keras2Functional([3, 6], layer),
    layers: [{ name: 'input_1', weights: [] }, { name: 'bidirectional_1', weights }],
    x: { shape: [1, 3, 6], data: x }, expected: { shape: [1, 3, 8], data: printed.out, places: 6 },
  };
}

/**
 * The same model as Keras 2.0.8 saves Sequential([Bidirectional(..., input_shape=(3, 6))]): the layer list is
 * the config itself and the wrapper carries batch_input_shape.
 */
function asSequential(made) {
  const layer = made.config.config.layers[1];
  const config = { name: layer.config.name, trainable: true, batch_input_shape: [null, 3, 6], dtype: 'float32' };
  Object.assign(config, layer.config);
  return { ...made, config: { class_name: 'Sequential', config: [{ class_name: layer.class_name, config }] }, layers: made.layers.slice(1) };
}

const KERAS2_CASES = {
  bidirectional_lstm: {
    description: 'Keras 2 Model: Input(3, 6) -> Bidirectional(LSTM(4, recurrent_activation="hard_sigmoid", return_sequences=True), "concat"); Keras.js notebook wrappers.Bidirectional.6',
    make: () => bidirectional('LSTM', 4030, 4, {
      W: [0.807118, -0.760589, -0.028865, -0.670325],
      in: [-0.208593, -0.791925, 0.482012, -0.811503, 0.611931, -0.69639, -0.087624, 0.563664, -0.730199, 0.739224, 0.349534, 0.409244, -0.160169, 0.084091, -0.337315, -0.358966, 0.984383, -0.783392],
      out: [-0.09132, -0.320823, 0.063094, 0.294734, 0.009347, -0.075279, 0.13049, -0.391936, -0.092975, 0.049853, 0.054893, 0.027423, 0.423312, 0.05639, 0.280809, -0.298506, -0.19041, -0.11039, 0.294735, 0.26807, -0.152633, -0.041449, 0.127926, -0.285122],
    }),
  },
  bidirectional_lstm_sequential: {
    description: 'Keras 2 Sequential: the bidirectional_lstm model as Sequential([Bidirectional(LSTM(4, recurrent_activation="hard_sigmoid", return_sequences=True), input_shape=(3, 6))])',
    make: () => asSequential(KERAS2_CASES.bidirectional_lstm.make()),
  },
  bidirectional_gru: {
    description: 'Keras 2 Model: Input(3, 6) -> Bidirectional(GRU(4, recurrent_activation="hard_sigmoid", return_sequences=True), "concat") (no reset_after: Keras 2.0 GRU); Keras.js notebook wrappers.Bidirectional.5',
    make: () => bidirectional('GRU', 4020, 3, {
      W: [-0.400676, -0.806051, 0.727377, 0.299105],
      in: [0.579459, -0.589792, -0.267425, 0.603619, 0.96337, -0.768615, 0.684727, -0.085752, 0.631217, -0.536656, -0.354471, 0.293334, -0.840082, 0.990845, 0.28264, 0.692538, 0.965158, 0.451587],
      out: [0.594504, -0.714787, 0.058666, 0.362111, 0.113399, 0.386766, 0.769737, -0.644836, 0.43217, -0.360749, -0.335977, 0.33945, 0.728847, -0.092921, 0.368333, -0.71776, 0.602782, -0.557467, 0.453357, 0.247038, -0.276008, -0.447068, -0.092065, -0.617043],
    }),
  },
  bidirectional_gru_sequential: {
    description: 'Keras 2 Sequential: the bidirectional_gru model as Sequential([Bidirectional(GRU(4, recurrent_activation="hard_sigmoid", return_sequences=True), input_shape=(3, 6))])',
    make: () => asSequential(KERAS2_CASES.bidirectional_gru.make()),
  },
  batchnorm_axis3: {
    description: 'Keras 2 Model: Input(4, 3, 2) -> BatchNormalization(epsilon=1e-5, axis=3, center=True, scale=False); Keras.js notebook normalization.BatchNormalization.4 (weights and input as printed, 8 decimals)',
    make: () => {
      const w = [[0.6605443, -0.04771633], [-0.95665551, 0.1278139], [0.32031337, 0.14493475]];
      const layer = {
        class_name: 'BatchNormalization',
        config: {
          name: 'batch_normalization_1', trainable: true, axis: 3, momentum: 0.99, epsilon: 1e-05, center: true, scale: false,
          beta_initializer: ZEROS, gamma_initializer: ONES, moving_mean_initializer: ZEROS, moving_variance_initializer: ONES,
          beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null,
        },
      };
      return {
        config: keras2Functional([4, 3, 2], layer),
        layers: [{ name: 'input_1', weights: [] }, {
          name: 'batch_normalization_1',
          weights: ['beta', 'moving_mean', 'moving_variance'].map((n, i) => ({ name: `batch_normalization_1/${n}:0`, shape: [2], values: w[i] })),
        }],
        x: { shape: [1, 4, 3, 2], data: [0.64108404, -0.67698454, 0.90018603, -0.32716791, -0.69711497, 0.3571678, -0.53864991, 0.94118592, 0.90909098, -0.35280573, -0.50526634, -0.61466515, -0.66641796, 0.25639848, -0.50969593, -0.75285121, 0.34839266, 0.46978101, -0.1664059, -0.08380992, 0.63740243, -0.02691944, -0.09122654, -0.79602303] },
        expected: { shape: [1, 4, 3, 2], places: 8, data: [3.48354912, -2.16162324, 3.94134998, -1.24278474, 1.11911988, 0.55471134, 1.39910769, 2.08871031, 3.95708394, -1.31012583, 1.45809221, -1.99793351, 1.17335761, 0.29002765, 1.45026565, -2.36089683, 2.96640038, 0.8505044, 2.0568161, -0.60357362, 3.47704434, -0.45414343, 2.18964863, -2.47429323] },
      };
    },
  },
};

/** notebooks/layers/advanced_activations.ipynb: Input(6) -> one activation layer, input [0, 0.2, -0.5, -0.1, 1, 2]. */
function activation(cls, name, config, weights, x, out) {
  return {
    description: `Keras 2 Model: Input(6) -> ${cls}(${JSON.stringify(config)}); Keras.js notebook advanced_activations.${cls}.0`,
    make: () => ({
      config: keras2Functional([6], { class_name: cls, config: { name, trainable: true, ...config } }),
      layers: [{ name: 'input_1', weights: [] }, { name, weights }],
      x: { shape: [1, 6], data: x }, expected: { shape: [1, 6], data: out, places: 6 },
    }),
  };
}
const ACT_IN = [0, 0.2, -0.5, -0.1, 1, 2];
Object.assign(KERAS2_CASES, {
  leaky_relu: activation('LeakyReLU', 'leaky_re_lu_1', { alpha: 0.4 }, [], ACT_IN, [0.0, 0.2, -0.2, -0.04, 1.0, 2.0]),
  prelu: activation('PReLU', 'p_re_lu_1', { alpha_initializer: ZEROS, alpha_regularizer: null, alpha_constraint: null, shared_axes: null },
    [{ name: 'p_re_lu_1/alpha:0', shape: [6], values: [-0.03, -0.02, 0.02, -0.03, -0.03, -0.01] }], ACT_IN, [0.0, 0.2, -0.01, 0.003, 1.0, 2.0]),
  elu: activation('ELU', 'elu_1', { alpha: 1.1 }, [], ACT_IN, [0.0, 0.2, -0.432816, -0.104679, 1.0, 2.0]),
  thresholded_relu: activation('ThresholdedReLU', 'thresholded_re_lu_1', { theta: 0.9 }, [], [0, 0.2, 0.5, -0.1, 1, 2], [0.0, 0.0, 0.0, 0.0, 1.0, 2.0]),
});

// ---- tfkeras/: tf.keras 2.10 files -----------------------------------------------------------------------
const TF_VERSION = '2.10.0';
const tfBase = (name, extra) => ({ name, trainable: true, dtype: 'float32', ...extra });
const noRegs = { kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null };
const tfDense = (name, units, activation) => ({ class_name: 'Dense', config: tfBase(name, { units, activation, use_bias: true, kernel_initializer: GLOROT, bias_initializer: ZEROS, ...noRegs }) });
function tfRnn(cls, name, units, extra) {
  const c = tfBase(name, {
    return_sequences: false, return_state: false, go_backwards: false, stateful: false, unroll: false, time_major: false,
    units, activation: 'tanh', recurrent_activation: 'hard_sigmoid', use_bias: true,
    kernel_initializer: GLOROT, recurrent_initializer: ORTH, bias_initializer: ZEROS,
  });
  if (cls === 'LSTM') c.unit_forget_bias = true;
  Object.assign(c, { kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null,
    kernel_constraint: null, recurrent_constraint: null, bias_constraint: null, dropout: 0.0, recurrent_dropout: 0.0, implementation: 2 }, extra);
  return { class_name: cls, config: c };
}
const tfNorm = (cls, name, extra) => ({
  class_name: cls,
  config: tfBase(name, { axis: [2], ...extra, center: true, scale: true, beta_initializer: ZEROS, gamma_initializer: ONES,
    ...(cls === 'BatchNormalization' ? { moving_mean_initializer: ZEROS, moving_variance_initializer: ONES } : {}),
    beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null }),
});

/** Weights for a layer list, drawn seeded in get_weights order; variances positive. */
function draw(specs, seed) {
  rng.seed(seed);
  return specs.map(s => ({ ...s, values: Array.from(rng.random(prod(s.shape)), v => s.positive ? 0.5 + v : (2 * v - 1) * 0.8) }));
}

/** The same config without what Keras ignores or saves in a form TF.js's deserializer does not read. */
function forTfjs(layers) {
  const clean = c => {
    const r = { ...c };
    delete r.time_major; delete r.implementation;
    if (Array.isArray(r.axis)) r.axis = -1; // [2] on (samples, steps, features) is the last axis
    return r;
  };
  return layers.map((l, i) => {
    const c = clean(l.config);
    delete c.batch_input_shape;
    for (const k of ['layer', 'backward_layer']) {
      if (c[k]) c[k] = { class_name: c[k].class_name, config: (({ batch_input_shape, ...rest }) => clean(rest))(c[k].config) };
    }
    return { class_name: l.class_name, config: c };
  });
}

async function tfjsPredict(layers, inputShape, perLayer, x) {
  const topology = forTfjs(layers);
  topology[0].config.batch_input_shape = [null, ...inputShape];
  const model = await tf.models.modelFromJSON({ modelTopology: { class_name: 'Sequential', config: { name: 'sequential', layers: topology }, keras_version: TF_VERSION, backend: 'tensorflow' } });
  model.layers.forEach((l, i) => l.setWeights(perLayer[i].map(w => tf.tensor(Float32Array.from(w.values), w.shape))));
  const y = model.predict(tf.tensor(Float32Array.from(x.data), x.shape));
  return { shape: y.shape, data: Array.from(y.dataSync()) };
}

const TFKERAS_CASES = {
  nested: {
    description: 'tf.keras 2.10 Sequential, built on first fit (build_input_shape, no InputLayer): Bidirectional(LSTM(4, hard_sigmoid, return_sequences, input_shape=(5, 3) on the LSTM)) -> BatchNormalization(axis=[2]) -> TimeDistributed(Dense(3, hard_sigmoid)) -> LayerNormalization(axis=[2], a stray batch_input_shape [null, 2048, 1]) -> Bidirectional(GRU(2, hard_sigmoid, reset_after=False), "sum") -> Dense(1); expected: TF.js 4.22',
    make: async () => {
      const lstm = tfRnn('LSTM', 'lstm', 4, { return_sequences: true });
      lstm.config = { name: 'lstm', trainable: true, batch_input_shape: [null, 5, 3], ...lstm.config };
      const layers = [
        { class_name: 'Bidirectional', config: tfBase('bidirectional', { layer: lstm, merge_mode: 'concat' }) },
        tfNorm('BatchNormalization', 'batch_normalization', { momentum: 0.99, epsilon: 0.001 }),
        { class_name: 'TimeDistributed', config: tfBase('time_distributed', { layer: tfDense('dense', 3, 'hard_sigmoid') }) },
        tfNorm('LayerNormalization', 'layer_normalization', { epsilon: 0.001 }),
        { class_name: 'Bidirectional', config: tfBase('bidirectional_1', { layer: tfRnn('GRU', 'gru', 2, { reset_after: false }), merge_mode: 'sum' }) },
        tfDense('dense_1', 1, 'linear'),
      ];
      layers[3].config = { name: 'layer_normalization', trainable: true, batch_input_shape: [null, 2048, 1], ...layers[3].config };
      const rnn = (p, cell, i, g, u) => [
        { name: `${p}/${cell}/kernel:0`, shape: [i, g * u] }, { name: `${p}/${cell}/recurrent_kernel:0`, shape: [u, g * u] }, { name: `${p}/${cell}/bias:0`, shape: [g * u] }];
      const specs = [
        [...rnn('bidirectional/forward_lstm', 'lstm_cell', 3, 4, 4), ...rnn('bidirectional/backward_lstm', 'lstm_cell', 3, 4, 4)],
        [{ name: 'batch_normalization/gamma:0', shape: [8] }, { name: 'batch_normalization/beta:0', shape: [8] },
          { name: 'batch_normalization/moving_mean:0', shape: [8] }, { name: 'batch_normalization/moving_variance:0', shape: [8], positive: true }],
        [{ name: 'time_distributed/kernel:0', shape: [8, 3] }, { name: 'time_distributed/bias:0', shape: [3] }],
        [{ name: 'layer_normalization/gamma:0', shape: [3] }, { name: 'layer_normalization/beta:0', shape: [3] }],
        [...rnn('bidirectional_1/forward_gru', 'gru_cell', 3, 3, 2), ...rnn('bidirectional_1/backward_gru', 'gru_cell', 3, 3, 2)],
        [{ name: 'dense_1/kernel:0', shape: [2, 1] }, { name: 'dense_1/bias:0', shape: [1] }],
      ];
      const drawn = draw(specs.flat(), 77);
      let k = 0;
      const perLayer = specs.map(s => drawn.slice(k, (k += s.length)));
      const x = { shape: [2, 5, 3], data: draw([{ shape: [2, 5, 3] }], 78)[0].values.map(v => f32(v * 2)) };
      const expected = await tfjsPredict(layers, [5, 3], perLayer, x);
      return {
        config: { class_name: 'Sequential', config: { name: 'sequential', layers, build_input_shape: [null, 5, 3] } },
        layers: layers.map((l, i) => ({ name: l.config.name, weights: perLayer[i] })),
        x, expected: { ...expected, places: null, source: 'TensorFlow.js 4.22 predict (float32)' },
      };
    },
  },
  activations: {
    description: 'tf.keras 2.10 Sequential: InputLayer(4, 7) -> Conv1D(3, 3, data_format="channels_first") -> ReLU(max_value=1.0, negative_slope=0.1, threshold=0.2) -> PReLU(shared_axes=[1]) -> LeakyReLU(alpha=0.25) -> ELU(alpha=0.7) -> ThresholdedReLU(theta=0.1) -> Flatten -> Dense(4) -> Softmax(axis=-1); expected: a double-precision forward pass written out below (TF.js has no ReLU threshold or negative_slope, and its channels_first Conv1D leaves the output channels_last)',
    make: async () => {
      const conv = {
        class_name: 'Conv1D',
        config: tfBase('conv1d', { filters: 3, kernel_size: [3], strides: [1], padding: 'valid', data_format: 'channels_first', dilation_rate: [1], groups: 1, activation: 'linear', use_bias: true, kernel_initializer: GLOROT, bias_initializer: ZEROS, ...noRegs }),
      };
      conv.config = { name: 'conv1d', trainable: true, batch_input_shape: [null, 4, 7], ...conv.config };
      const layers = [
        { class_name: 'InputLayer', config: { batch_input_shape: [null, 4, 7], dtype: 'float32', sparse: false, ragged: false, name: 'conv1d_input' } },
        conv,
        { class_name: 'ReLU', config: tfBase('re_lu', { max_value: 1.0, negative_slope: 0.1, threshold: 0.2 }) },
        { class_name: 'PReLU', config: tfBase('p_re_lu', { alpha_initializer: ZEROS, alpha_regularizer: null, alpha_constraint: null, shared_axes: [1] }) },
        { class_name: 'LeakyReLU', config: tfBase('leaky_re_lu', { alpha: 0.25 }) },
        { class_name: 'ELU', config: tfBase('elu', { alpha: 0.7 }) },
        { class_name: 'ThresholdedReLU', config: tfBase('thresholded_re_lu', { theta: 0.1 }) },
        { class_name: 'Flatten', config: tfBase('flatten', { data_format: 'channels_last' }) },
        tfDense('dense', 4, 'linear'),
        { class_name: 'Softmax', config: tfBase('softmax', { axis: -1 }) },
      ];
      const [k, b, alpha, dk, db] = draw([
        { name: 'conv1d/kernel:0', shape: [3, 4, 3] }, { name: 'conv1d/bias:0', shape: [3] },
        { name: 'p_re_lu/alpha:0', shape: [1, 5] }, { name: 'dense/kernel:0', shape: [15, 4] }, { name: 'dense/bias:0', shape: [4] }], 91);
      const x = { shape: [2, 4, 7], data: draw([{ shape: [2, 4, 7] }], 92)[0].values.map(v => f32(v * 1.5)) };
      const W = a => a.values.map(f32);
      const [K, B, A, DK, DB] = [k, b, alpha, dk, db].map(W);
      const out = [];
      for (let n = 0; n < 2; n++) {
        const h = []; // (3 filters, 5 steps), channels_first
        for (let f = 0; f < 3; f++) {
          for (let t = 0; t < 5; t++) {
            let z = B[f];
            for (let tap = 0; tap < 3; tap++) for (let c = 0; c < 4; c++) z += x.data[(n * 4 + c) * 7 + t + tap] * K[(tap * 4 + c) * 3 + f];
            // ReLU: clip(z * (z > threshold), 0, max) - slope * relu(threshold - z)   (tf.keras backend.relu)
            let v = Math.min(Math.max(z > 0.2 ? z : 0, 0), 1.0) - 0.1 * Math.max(0.2 - z, 0);
            v = v > 0 ? v : A[t] * v; // PReLU, alpha shared over the filters axis
            v = v > 0 ? v : 0.25 * v; // LeakyReLU
            v = v > 0 ? v : 0.7 * (Math.exp(v) - 1); // ELU
            v = v > 0.1 ? v : 0; // ThresholdedReLU
            h.push(v);
          }
        }
        const logits = [];
        for (let j = 0; j < 4; j++) {
          let s = DB[j];
          for (let i = 0; i < 15; i++) s += h[i] * DK[i * 4 + j];
          logits.push(s);
        }
        const m = Math.max(...logits);
        const e = logits.map(v => Math.exp(v - m));
        const sum = e.reduce((p, q) => p + q, 0);
        out.push(...e.map(v => v / sum));
      }
      return {
        config: { class_name: 'Sequential', config: { name: 'sequential', layers } },
        layers: layers.slice(1).map(l => ({
          name: l.config.name,
          weights: { conv1d: [k, b], p_re_lu: [alpha], dense: [dk, db] }[l.config.name] || [],
        })),
        x, expected: { shape: [2, 4], data: out, places: null, source: 'double-precision forward pass (keras-files.mjs)' },
      };
    },
  },
};

// ---- keras3/: Keras 3 archives with the lstm_dense fixture's weights ---------------------------------------
function lstmDenseFixture() {
  const dir = path.join(HERE, '..', 'resources', 'import', 'lstm_dense');
  const model = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const buf = fs.readFileSync(path.join(dir, 'weights.bin'));
  let at = 0;
  const weights = model.weightsManifest[0].weights.map(w => {
    const n = prod(w.shape);
    const values = Array.from({ length: n }, (_, i) => buf.readFloatLE(at + 4 * i));
    at += 4 * n;
    return { shape: w.shape, values };
  });
  const expected = JSON.parse(fs.readFileSync(path.join(dir, '..', 'expected.json'), 'utf8')).models.lstm_dense;
  return { weights, x: expected.probe.x, expected: expected.predict };
}

const K3 = (module, cls, config, extra) => ({ module, class_name: cls, config, registered_name: null, ...extra });
const K3_DTYPE = K3('keras', 'DTypePolicy', { name: 'float32' });
const k3init = (cls, config) => K3('keras.initializers', cls, config);
function k3Layers() {
  const lstm = {
    name: 'lstm', trainable: true, dtype: K3_DTYPE, units: 8, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true,
    kernel_initializer: k3init('GlorotUniform', { seed: null }), recurrent_initializer: k3init('Orthogonal', { gain: 1.0, seed: null }),
    bias_initializer: k3init('Zeros', {}), unit_forget_bias: true, kernel_regularizer: null, recurrent_regularizer: null,
    bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, recurrent_constraint: null, bias_constraint: null,
    dropout: 0.0, recurrent_dropout: 0.0, return_sequences: false, return_state: false, go_backwards: false, stateful: false,
    unroll: false, seed: null,
  };
  const dense = {
    name: 'dense', trainable: true, dtype: K3_DTYPE, units: 1, activation: 'linear', use_bias: true,
    kernel_initializer: k3init('GlorotUniform', { seed: null }), bias_initializer: k3init('Zeros', {}),
    kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null,
  };
  return { lstm, dense };
}
const keras3Weights = w => [
  { path: 'layers/lstm', values: [] },
  { path: 'layers/lstm/cell', values: w.slice(0, 3) },
  { path: 'layers/dense', values: w.slice(3, 5) },
];

const KERAS3_CASES = {
  functional_lstm_dense: {
    description: 'Keras 3.6 Functional (keras.Model(inputs, outputs)): Input(6, 2) -> LSTM(8) -> Dense(1), saved as .keras; weights and expected: the lstm_dense TF.js fixture',
    make: async file => {
      const fx = lstmDenseFixture();
      const { lstm, dense } = k3Layers();
      const tensor = (shape, from) => ({ class_name: '__keras_tensor__', config: { shape, dtype: 'float32', keras_history: [from, 0, 0] } });
      const config = K3('keras', 'Functional', {
        name: 'functional', trainable: true,
        layers: [
          K3('keras.layers', 'InputLayer', { batch_shape: [null, 6, 2], dtype: 'float32', sparse: false, name: 'input_layer' }, { name: 'input_layer', inbound_nodes: [] }),
          K3('keras.layers', 'LSTM', lstm, { build_config: { input_shape: [null, 6, 2] }, name: 'lstm', inbound_nodes: [{ args: [tensor([null, 6, 2], 'input_layer')], kwargs: { training: false, mask: null } }] }),
          K3('keras.layers', 'Dense', dense, { build_config: { input_shape: [null, 8] }, name: 'dense', inbound_nodes: [{ args: [tensor([null, 8], 'lstm')], kwargs: {} }] }),
        ],
        input_layers: [['input_layer', 0, 0]],
        output_layers: [['dense', 0, 0]],
      }, { registered_name: 'Functional', build_config: { input_shape: null }, compile_config: null });
      const tmp = file + '.weights.h5';
      await writeWeightsH5(tmp, [{ path: 'layers/input_layer', values: [] }, ...keras3Weights(fx.weights)], '/');
      writeZip(file, [['metadata.json', Buffer.from(JSON.stringify({ keras_version: '3.6.0', date_saved: '2026-11-22@08:00:00' }))],
        ['config.json', Buffer.from(JSON.stringify(config))], ['model.weights.h5', fs.readFileSync(tmp)]]);
      fs.unlinkSync(tmp);
      return { x: fx.x, expected: { ...fx.expected, source: 'TensorFlow.js 4.22 (the lstm_dense fixture)' } };
    },
  },
  windows_lstm_dense: {
    description: 'Keras 3 (keras_core 0.1.7 on Windows) Sequential: LSTM(8) -> Dense(1) saved as .keras with weight groups named layers\\lstm\\cell etc. (keras-team/keras#18528); weights and expected: the lstm_dense TF.js fixture',
    make: async file => {
      const fx = lstmDenseFixture();
      const { lstm, dense } = k3Layers();
      const config = K3('keras', 'Sequential', {
        name: 'sequential', trainable: true, dtype: K3_DTYPE,
        layers: [
          K3('keras.layers', 'InputLayer', { batch_shape: [null, 6, 2], dtype: 'float32', sparse: false, name: 'input_layer' }),
          K3('keras.layers', 'LSTM', lstm, { build_config: { input_shape: [null, 6, 2] } }),
          K3('keras.layers', 'Dense', dense, { build_config: { input_shape: [null, 8] } }),
        ],
        build_input_shape: [null, 6, 2],
      }, { build_config: { input_shape: [null, 6, 2] } });
      const tmp = file + '.weights.h5';
      await writeWeightsH5(tmp, keras3Weights(fx.weights), '\\');
      writeZip(file, [['metadata.json', Buffer.from(JSON.stringify({ keras_version: '0.1.7', date_saved: '2023-09-29@10:00:00' }))],
        ['config.json', Buffer.from(JSON.stringify(config))], ['model.weights.h5', fs.readFileSync(tmp)]]);
      fs.unlinkSync(tmp);
      return { x: fx.x, expected: { ...fx.expected, source: 'TensorFlow.js 4.22 (the lstm_dense fixture)' } };
    },
  },
};

// ---- main ------------------------------------------------------------------------------------------------
async function main() {
  const expected = {
    generator: 'src/test/oracle/keras-files.mjs',
    note: 'x: the input; expected: the output the file must predict; places: decimals Keras printed (null: full float)',
    models: {},
  };
  for (const [dir, cases, version] of [['keras2', KERAS2_CASES, KERAS2], ['tfkeras', TFKERAS_CASES, TF_VERSION]]) {
    fs.mkdirSync(path.join(OUT, dir), { recursive: true });
    for (const [name, c] of Object.entries(cases)) {
      const m = await c.make();
      await writeH5(path.join(OUT, dir, name + '.h5'), { kerasVersion: version, modelConfig: { ...m.config, keras_version: version, backend: 'tensorflow' }, layers: m.layers });
      expected.models[`${dir}/${name}.h5`] = {
        description: c.description, x: { shape: m.x.shape, data: m.x.data.map(f32) },
        expected: { shape: m.expected.shape, data: m.expected.data, places: m.expected.places, source: m.expected.source || 'Keras (printed by the notebook)' },
      };
    }
  }
  fs.mkdirSync(path.join(OUT, 'keras3'), { recursive: true });
  for (const [name, c] of Object.entries(KERAS3_CASES)) {
    const m = await c.make(path.join(OUT, 'keras3', name + '.keras'));
    expected.models[`keras3/${name}.keras`] = { description: c.description, x: m.x, expected: { ...m.expected, places: null } };
  }
  fs.writeFileSync(path.join(OUT, 'expected.json'), JSON.stringify(expected, null, 1) + '\n');
  console.log('wrote', Object.keys(expected.models).join(', '), 'to', OUT);
}

main().catch(e => { console.error(e); process.exit(1); });
