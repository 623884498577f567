'use strict';
// TimeDistributed, Bidirectional (every merge mode), BatchNormalization, LayerNormalization, Masking.
// Not here: BatchNormalization(center=False, scale=False) (tfjs 4.22 reads the missing gamma in training and
// throws) and masked return_sequences outputs of Bidirectional (tfjs lacks Keras' zero_output_for_mask);
// both are covered by gradient checks and SequenceLayersTest.
const L = (class_name, config) => ({ class_name, config });
const dense = (name, units, activation = 'linear', extra = {}) => L('Dense', { name, units, activation, use_bias: true, ...extra });
// tfjs defaults differ from Keras (LSTM/GRU recurrent_activation hard_sigmoid, GRU reset_after false): spell Keras's out
const rnn = { activation: 'tanh', use_bias: true, return_sequences: false };
const lstm = (name, units, extra = {}) => L('LSTM', { name, units, ...rnn, recurrent_activation: 'sigmoid', unit_forget_bias: true, ...extra });
const gru = (name, units, extra = {}) => L('GRU', { name, units, ...rnn, recurrent_activation: 'sigmoid', reset_after: false, ...extra });
const simple = (name, units, extra = {}) => L('SimpleRNN', { name, units, ...rnn, ...extra });
const bidi = (layer, merge_mode, extra = {}) => L('Bidirectional', { name: 'bidirectional', layer, merge_mode, ...extra });
const td = (layer, extra = {}) => L('TimeDistributed', { name: 'time_distributed', layer, ...extra });
module.exports = [
  {
    name: 'lstm_seq_timedistributed_dense',
    description: 'LSTM(3, return_sequences) on (4, 2) -> TimeDistributed(Dense(2, tanh)) (encoder-decoder head), mse on every step',
    batch: 3, loss: 'mean_squared_error',
    layers: [
      lstm('lstm', 3, { return_sequences: true, input_shape: [4, 2] }),
      td(dense('dense', 2, 'tanh')),
    ],
  },
  {
    name: 'bidirectional_lstm_concat',
    description: 'Bidirectional(LSTM(3), merge_mode=concat) on (5, 2) -> Dense(1), mse',
    batch: 3, loss: 'mean_squared_error',
    layers: [
      bidi(lstm('lstm', 3), 'concat', { input_shape: [5, 2] }),
      dense('dense', 1),
    ],
  },
  {
    name: 'bidirectional_gru_sum_seq_timedistributed',
    description: 'Bidirectional(GRU(3, reset_after=False, return_sequences), merge_mode=sum) on (4, 2) -> TimeDistributed(Dense(1)), mse',
    batch: 2, loss: 'mean_squared_error',
    layers: [
      bidi(gru('gru', 3, { return_sequences: true }), 'sum', { input_shape: [4, 2] }),
      td(dense('dense', 1)),
    ],
  },
  {
    name: 'bidirectional_simplernn_mul_seq',
    description: 'Bidirectional(SimpleRNN(3, return_sequences), merge_mode=mul) on (4, 2) -> LSTM(2) -> Dense(1), mse',
    batch: 3, loss: 'mean_squared_error',
    layers: [
      bidi(simple('simple_rnn', 3, { return_sequences: true }), 'mul', { input_shape: [4, 2] }),
      lstm('lstm', 2),
      dense('dense', 1),
    ],
  },
  {
    name: 'bidirectional_lstm_ave_stacked',
    description: 'Bidirectional(LSTM(3, return_sequences), ave) on (4, 2) -> Bidirectional(LSTM(2)) concat -> Dense(1, sigmoid), binary_crossentropy',
    batch: 4, loss: 'binary_crossentropy', target: 'binary',
    layers: [
      bidi(lstm('lstm', 3, { return_sequences: true }), 'ave', { input_shape: [4, 2] }),
      L('Bidirectional', { name: 'bidirectional_1', layer: lstm('lstm_1', 2), merge_mode: 'concat' }),
      dense('dense', 1, 'sigmoid'),
    ],
  },
  {
    name: 'dense_batchnorm_dense',
    description: 'Dense(4, use_bias=False) on (3,) -> BatchNormalization -> Dense(1); training uses batch statistics and moves moving_mean/moving_variance (momentum 0.99)',
    batch: 5, loss: 'mean_squared_error',
    layers: [
      dense('dense', 4, 'linear', { input_shape: [3], use_bias: false }), // a bias before BN has no gradient
      L('BatchNormalization', { name: 'batch_normalization', axis: -1, momentum: 0.99, epsilon: 1e-3, center: true, scale: true }),
      dense('dense_1', 1),
    ],
  },
  {
    name: 'batchnorm_sequence_momentum_lstm',
    description: 'BatchNormalization(momentum=0.5, epsilon=0.01) on (4, 3) sequences (statistics over samples and steps) -> LSTM(2) -> Dense(1)',
    batch: 3, loss: 'mean_squared_error',
    layers: [
      L('BatchNormalization', { name: 'batch_normalization', axis: -1, momentum: 0.5, epsilon: 0.01, center: true, scale: true, input_shape: [4, 3] }),
      lstm('lstm', 2),
      dense('dense', 1),
    ],
  },
  {
    name: 'lstm_seq_layernorm_timedistributed',
    description: 'LSTM(4, return_sequences) on (3, 2) -> LayerNormalization -> TimeDistributed(Dense(1)), mse',
    batch: 3, loss: 'mean_squared_error',
    layers: [
      lstm('lstm', 4, { return_sequences: true, input_shape: [3, 2] }),
      L('LayerNormalization', { name: 'layer_normalization', axis: -1, epsilon: 1e-3, center: true, scale: true }),
      td(dense('dense', 1)),
    ],
  },
  {
    name: 'masking_padded_lstm',
    description: 'Masking(0) on (5, 2) with zeroed steps (sample 0 post-padded by 2, sample 1 pre-padded by 1, sample 2 a middle step) -> LSTM(3) -> Dense(1): masked steps leave the state unchanged',
    batch: 3, loss: 'mean_squared_error', input_zero_steps: [[0, 3], [0, 4], [1, 0], [2, 2]],
    layers: [
      L('Masking', { name: 'masking', mask_value: 0.0, input_shape: [5, 2] }),
      lstm('lstm', 3),
      dense('dense', 1),
    ],
  },
  {
    name: 'masking_gru_seq_simplernn',
    description: 'Masking(0) on (4, 3) with zeroed steps -> GRU(3, reset_after=False, return_sequences) -> SimpleRNN(2) -> Dense(1): the mask passes through the first RNN (its masked outputs repeat the previous one)',
    batch: 2, loss: 'mean_squared_error', input_zero_steps: [[0, 1], [1, 2], [1, 3]],
    layers: [
      L('Masking', { name: 'masking', mask_value: 0.0, input_shape: [4, 3] }),
      gru('gru', 3, { return_sequences: true }),
      simple('simple_rnn', 2),
      dense('dense', 1),
    ],
  },
  {
    name: 'masking_bidirectional_lstm_dense',
    description: 'Masking(0) on (4, 2) with zeroed steps -> Dense(3, tanh) (passes the mask on) -> Bidirectional(LSTM(2)) concat -> Dense(1)',
    batch: 3, loss: 'mean_squared_error', input_zero_steps: [[0, 0], [1, 3], [2, 1], [2, 2]],
    layers: [
      L('Masking', { name: 'masking', mask_value: 0.0, input_shape: [4, 2] }),
      dense('dense', 3, 'tanh'),
      bidi(lstm('lstm', 2), 'concat'),
      dense('dense_1', 1),
    ],
  },
];
