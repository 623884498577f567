#!/usr/bin/env node
'use strict';
/*
 * gen-layers.js - Keras reference numbers for single layers and small stacks, from TensorFlow.js Layers
 * 4.22 (a port of Keras) on its pure-JS CPU backend. Read by LayerOracleTest.
 *
 *   npm ci && node gen-layers.js ../resources/oracle/layers.json
 *
 * Every cases/*.js module exports an array of cases:
 *   { name, description,
 *     layers: [{ class_name, config }],   Keras get_config() form (snake_case); the first has input_shape
 *     batch,                              samples in the input batch
 *     loss,                               Keras loss name (see LOSSES)
 *     target?: 'regression' | 'binary' | 'onehot'          (default regression)
 *     steps?: optimizer steps per optimizer                  (default 3)
 *     optimizers?: keys of OPTIMIZERS                        (default ['sgd', 'adam'])
 *     tolerances?: { atol, rtol, adam_atol }                 (default DEFAULT_TOLERANCES)
 *     weight_formula?: { role: { offset?, scale?, freq? } }  (overrides of WEIGHT_FORMULA per role)
 *     input_phase?: number                                   (default 0.2 + 0.5 * index in its file)
 *     input_zero_steps?: [[sample, timestep], ...]           whole timesteps set to 0 (e.g. for Masking)
 *     forward_only?: true       only output and loss, where tfjs 4.22's gradient is missing (conv with
 *                               dilation_rate > 1) or not Keras's (average pooling over padding)
 *     tfjs_equivalent?: { layers, note } }  what tfjs runs instead of `layers` where tfjs lacks a Keras option
 *                                           (e.g. Conv1D padding=causal = zero-pad the start, then valid);
 *                                           must have the same weights; its extra layers leave the summary
 * The model is built with tf.models.modelFromJSON from those configs, so any layer tfjs can deserialize
 * works (nested configs such as TimeDistributed/Bidirectional included).
 *
 * Weights and inputs follow the sin formula of shared/oracle/gen.js, so Java rebuilds them bit for bit:
 *   value[k] = fround(offset + scale*sin(freq*k + phase)), k = row-major flat index
 *   Java: (float) (offset + scale * StrictMath.sin(freq * k + phase))
 * Weight t (its index in model.weights, Keras order, non-trainable included) has phase 0.3 + 1.1*t and the
 * offset/scale of its role (last part of its name: kernel, bias, gamma, ...); freq 0.61.
 *
 * For every case the JSON holds: per-layer output shapes and parameter counts (Keras summary), initial
 * weights, input, target, forward output (inference), loss and d(loss)/d(weight) for every trainable weight
 * (tf.variableGrads, training mode), and per optimizer the loss before each step, the loss after, and all
 * weights after the steps (trainOnBatch on the same batch). The run exits 1 if a self-check fails.
 */
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

const OUT = process.argv[2] || 'layers.json';
const f32 = Math.fround;
const prod = s => s.reduce((a, b) => a * b, 1);
const arr = a => Array.from(a); // float32 values print as their exact float64 value

const WEIGHT_FREQ = 0.61;
/** Per weight role; moving_variance and gamma stay positive around 1. Unknown roles: scale 0.5. */
const WEIGHT_FORMULA = {
  kernel: { offset: 0, scale: 0.5 }, recurrent_kernel: { offset: 0, scale: 0.4 }, bias: { offset: 0, scale: 0.2 },
  gamma: { offset: 1, scale: 0.2 }, beta: { offset: 0, scale: 0.2 },
  moving_mean: { offset: 0, scale: 0.2 }, moving_variance: { offset: 1, scale: 0.3 },
};
const DEFAULT_TOLERANCES = { atol: 1e-6, rtol: 1e-5, adam_atol: 1e-5 };
const OPTIMIZERS = {
  sgd: { keras: { class_name: 'SGD', learning_rate: 0.1, momentum: 0.0, nesterov: false }, make: () => tf.train.sgd(0.1),
    formula: 'w -= lr*g' },
  adam: { keras: { class_name: 'Adam', learning_rate: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false },
    make: () => tf.train.adam(0.01, 0.9, 0.999, 1e-7),
    formula: 'tfjs: m=b1*m+(1-b1)*g; v=b2*v+(1-b2)*g^2; w -= lr*(m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps) (epsilon bias-corrected, unlike Keras 3)' },
};
const LOSSES = {
  mean_squared_error: { tfjs: 'meanSquaredError', fn: tf.metrics.meanSquaredError },
  mean_absolute_error: { tfjs: 'meanAbsoluteError', fn: tf.metrics.meanAbsoluteError },
  binary_crossentropy: { tfjs: 'binaryCrossentropy', fn: tf.metrics.binaryCrossentropy },
  categorical_crossentropy: { tfjs: 'categoricalCrossentropy', fn: tf.metrics.categoricalCrossentropy },
};

function sinFill(shape, f) {
  const n = prod(shape); const a = new Float32Array(n);
  for (let k = 0; k < n; k++) a[k] = f32(f.offset + f.scale * Math.sin(f.freq * k + f.phase));
  return a;
}
function makeTarget(shape, kind, phase) {
  const n = prod(shape); const C = shape[shape.length - 1]; const data = new Float32Array(n); let formula;
  if (kind === 'regression') {
    formula = { kind, text: 'fround(0.5*cos(0.9*k + phase))', phase };
    for (let k = 0; k < n; k++) data[k] = f32(0.5 * Math.cos(0.9 * k + phase));
  } else if (kind === 'binary') {
    formula = { kind, text: 'sin(1.7*k + phase) > 0 ? 1 : 0', phase };
    for (let k = 0; k < n; k++) data[k] = Math.sin(1.7 * k + phase) > 0 ? 1 : 0;
  } else if (kind === 'onehot') {
    formula = { kind, text: 'row r (row-major over all but the last axis) has class (2*r+1) % C' };
    for (let r = 0; r < n / C; r++) data[r * C + ((2 * r + 1) % C)] = 1;
  } else throw new Error(`unknown target ${kind}`);
  return { shape, formula, data };
}

async function buildModel(c) {
  const layers = c.tfjs_equivalent ? c.tfjs_equivalent.layers : c.layers;
  return tf.models.modelFromJSON({ modelTopology: { class_name: 'Sequential', config: { name: 'sequential', layers } } });
}
function weightsOf(model, c) {
  return model.weights.map((v, t) => {
    const role = v.originalName.split('/').pop();
    const f = { offset: 0, scale: 0.5, ...(WEIGHT_FORMULA[role] || {}), freq: WEIGHT_FREQ, ...((c.weight_formula || {})[role] || {}) };
    f.phase = 0.3 + 1.1 * t;
    return { name: v.originalName, shape: v.shape, trainable: v.trainable, formula: f, data: sinFill(v.shape, f) };
  });
}
const setWeights = (model, ws) => model.setWeights(ws.map(w => tf.tensor(w.data, w.shape, 'float32')));
const weightsNow = (model, ws) => model.getWeights().map((t, i) => ({ name: ws[i].name, shape: ws[i].shape, data: t.dataSync().slice() }));
const tensorJson = (shape, data, extra) => ({ ...(extra || {}), shape, data: arr(data) });
function maxAbsDiff(a, b) { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); return m; }

const FAILS = [];
function check(what, ok, detail) { if (!ok) FAILS.push(`${what}: ${detail}`); return ok; }

async function runCase(c, indexInFile) {
  const loss = LOSSES[c.loss];
  if (!loss) throw new Error(`${c.name}: unknown loss ${c.loss}`);
  const model = await buildModel(c);
  const ws = weightsOf(model, c);
  setWeights(model, ws);
  check(`${c.name} layers named`, c.layers.every(k => k.config.name), 'every layer config needs a name');
  const first = c.layers[0].config;
  const sample = first.batch_input_shape ? first.batch_input_shape.slice(1) : first.input_shape;
  const xShape = [c.batch, ...sample];
  const xf = { offset: 0, scale: 1.0, freq: 0.37, phase: c.input_phase !== undefined ? c.input_phase : 0.2 + 0.5 * indexInFile };
  const x = { shape: xShape, formula: xf, data: sinFill(xShape, xf) };
  if (c.input_zero_steps) { // after the formula: every feature of these (sample, timestep) pairs is 0
    xf.zero_steps = c.input_zero_steps;
    const per = prod(xShape.slice(2));
    for (const [b, t] of c.input_zero_steps) x.data.fill(0, (b * xShape[1] + t) * per, (b * xShape[1] + t + 1) * per);
  }
  const yShape = [c.batch, ...model.outputs[0].shape.slice(1)];
  const y = makeTarget(yShape, c.target || 'regression', 0.1 + 0.3 * indexInFile);
  const xT = tf.tensor(x.data, x.shape, 'float32'); const yT = tf.tensor(y.data, y.shape, 'float32');

  const pred = model.predict(xT); const out = pred.dataSync().slice(); check(`${c.name} output shape`,
    JSON.stringify(pred.shape) === JSON.stringify(yShape), `${pred.shape} vs ${yShape}`); pred.dispose();
  check(`${c.name} output finite`, out.every(Number.isFinite), 'non-finite output');
  const trainableWs = ws.filter(w => w.trainable);
  if (c.forward_only) {
    const lossF = tf.tidy(() => tf.mean(loss.fn(yT, model.apply(xT, { training: false }))).dataSync()[0]);
    return { ...caseJson(c, model, ws, x, y, yShape, out), loss: lossF, forward_only: true };
  }
  const trainable = model.trainableWeights.map(w => w.read());
  const { value, grads } = tf.variableGrads(() => tf.mean(loss.fn(yT, model.apply(xT, { training: true }))), trainable);
  const lossV = value.dataSync()[0];
  const g = trainable.map(v => grads[v.name].dataSync().slice());
  g.forEach((gi, i) => check(`${c.name} gradient of ${trainableWs[i].name} not all ~0`, gi.some(v => Math.abs(v) > 1e-6),
    'the case would check nothing: change the input or weights'));

  const steps = c.steps || 3; const training = {};
  for (const key of c.optimizers || ['sgd', 'adam']) {
    const o = OPTIMIZERS[key];
    const m = await buildModel(c); setWeights(m, ws);
    m.compile({ optimizer: o.make(), loss: loss.tfjs });
    const losses = [];
    for (let s = 0; s < steps; s++) {
      const l = await m.trainOnBatch(xT, yT); losses.push(Array.isArray(l) ? l[0] : l);
      if (key === 'sgd' && s === 0) { // the first plain SGD step is -lr * the recorded gradient
        const w1 = weightsNow(m, ws).filter((w, i) => ws[i].trainable);
        const d = Math.max(...w1.map((w, i) => maxAbsDiff(w.data.map((v, k) => (trainableWs[i].data[k] - v) / 0.1), g[i])));
        check(`${c.name} first SGD step vs gradients`, d <= 1e-4, d);
        check(`${c.name} trainOnBatch loss vs variableGrads loss`, Math.abs(losses[0] - lossV) <= 1e-6, Math.abs(losses[0] - lossV));
      }
    }
    const lossAfter = tf.tidy(() => tf.mean(loss.fn(yT, m.apply(xT, { training: false }))).dataSync()[0]);
    training[key] = {
      optimizer: o.keras, formula: o.formula, steps,
      losses_per_step: losses, loss_after: lossAfter,
      weights_after: weightsNow(m, ws).map(w => tensorJson(w.shape, w.data, { name: w.name })),
    };
  }
  value.dispose(); Object.values(grads).forEach(t => t.dispose());
  return {
    ...caseJson(c, model, ws, x, y, yShape, out),
    loss: lossV,
    gradients: trainableWs.map((w, i) => tensorJson(w.shape, g[i], { name: w.name })),
    training,
  };
}
/**
 * Per layer: name, class, output shape (null = batch) and parameter count, as Keras summary() shows them.
 * tfjs leaves a Reshape's -1 unknown (null) where Keras resolves it, so shapes come from a real forward pass.
 */
function summaryRows(c, model, x) {
  let t = tf.tensor(x.data, x.shape, 'float32'); const rows = [];
  for (const l of model.layers) {
    const next = l.apply(t); t.dispose(); t = next;
    if (c.layers.some(k => k.config.name === l.name)) {
      rows.push({ name: l.name, class_name: l.getClassName(), output_shape: [null, ...t.shape.slice(1)], params: l.countParams() });
    }
  }
  t.dispose();
  return rows;
}
function caseJson(c, model, ws, x, y, yShape, out) {
  return {
    name: c.name, description: c.description, source: c.source,
    model: { layers: c.layers, loss: c.loss },
    tfjs_equivalent: c.tfjs_equivalent,
    summary: summaryRows(c, model, x),
    tolerances: { ...DEFAULT_TOLERANCES, ...(c.tolerances || {}) },
    initial_weights: ws.map(w => tensorJson(w.shape, w.data, { name: w.name, trainable: w.trainable, formula: w.formula })),
    input: tensorJson(x.shape, x.data, { formula: x.formula }),
    target: tensorJson(y.shape, y.data, { formula: y.formula }),
    output: tensorJson(yShape, out),
  };
}

async function main() {
  await tf.setBackend('cpu'); await tf.ready();
  const dir = path.join(__dirname, 'cases');
  const cases = [];
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.js')).sort()) {
    const list = require(path.join(dir, file));
    for (let i = 0; i < list.length; i++) {
      cases.push(await runCase({ ...list[i], source: `cases/${file}` }, i));
      process.stderr.write(`${file}: ${list[i].name}\n`);
    }
  }
  const names = new Set();
  cases.forEach(c => { check('unique case names', !names.has(c.name), c.name); names.add(c.name); });
  const doc = {
    generator: 'models/src/test/oracle/gen-layers.js (TensorFlow.js Layers oracle for single layers)',
    versions: { ...tf.version, node: process.version }, backend: tf.getBackend(), dtype: 'float32',
    conventions: {
      layout: 'every tensor is {shape, data}, data flattened row-major; float32 values written as their exact float64 value.',
      formula: 'weights and input: data[k] = fround(offset + scale*sin(freq*k + phase)), k = row-major flat index; Java: (float)(offset + scale*StrictMath.sin(freq*k + phase)). Weight t of model.weights (Keras order, non-trainable included) has phase 0.3 + 1.1*t. An input formula with zero_steps [[sample, timestep], ...] then has every feature of those timesteps set to 0.',
      model: 'model.layers are Keras get_config() dicts ({class_name, config}); the first layer carries input_shape; input is (batch, ...input_shape).',
      summary: 'per layer, the output shape (null = batch; from a forward pass, since tfjs leaves a Reshape -1 unresolved where Keras resolves it) and countParams(), as Keras summary() shows them.',
      output: 'predict (inference mode) on input; cases with forward_only: true have only output and loss (inference mode).',
      gradients: 'd(loss)/d(weight) for the trainable weights (tf.variableGrads, training mode), loss = mean over all elements of the per-sample loss, as trainOnBatch.',
      training: 'per optimizer, from initial_weights: losses_per_step[i] = loss returned by trainOnBatch i (before its update); loss_after in inference mode; weights_after = all weights (non-trainable included) after the steps.',
      tolerances: 'per case; float32 tfjs vs an implementation: |diff| <= atol + rtol*|expected| (adam_atol for weights after Adam, whose step lr*g/(|g|+eps) amplifies tiny gradient differences).',
    },
    check_failures: FAILS,
    cases,
  };
  fs.writeFileSync(OUT, JSON.stringify(doc, null, 0) + '\n');
  process.stderr.write(`wrote ${OUT} (${fs.statSync(OUT).size} bytes), ${cases.length} cases, check failures: ${FAILS.length}\n`);
  if (FAILS.length) { process.stderr.write(FAILS.join('\n') + '\n'); process.exit(1); }
}
if (require.main === module) main().catch(e => { console.error(e); process.exit(2); });
