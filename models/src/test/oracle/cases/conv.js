'use strict';
// Conv1D (each padding, strides, dilation), pooling, GlobalAveragePooling1D, Flatten, Reshape, RepeatVector.
const L = (class_name, config) => ({ class_name, config });
const dense = (name, units, activation = 'linear') => L('Dense', { name, units, activation, use_bias: true });

module.exports = [
  {
    name: 'conv1d_valid_tanh_flatten_dense',
    description: 'Conv1D(3, 3, tanh) on (7, 2) -> Flatten -> Dense(1), mse',
    batch: 3, loss: 'mean_squared_error',
    layers: [
      L('Conv1D', { name: 'conv1d', filters: 3, kernel_size: [3], strides: [1], padding: 'valid', dilation_rate: [1], activation: 'tanh', use_bias: true, input_shape: [7, 2] }),
      L('Flatten', { name: 'flatten' }),
      dense('dense', 1),
    ],
  },
  {
    name: 'conv1d_same_strides2_relu_maxpool_same',
    description: 'Conv1D(4, 3, strides=2, padding=same, relu) on (9, 2) -> MaxPooling1D(2, padding=same) -> Flatten -> Dense(1), mse',
    batch: 3, loss: 'mean_squared_error',
    layers: [
      L('Conv1D', { name: 'conv1d', filters: 4, kernel_size: [3], strides: [2], padding: 'same', dilation_rate: [1], activation: 'relu', use_bias: true, input_shape: [9, 2] }),
      L('MaxPooling1D', { name: 'max_pooling1d', pool_size: [2], strides: null, padding: 'same' }),
      L('Flatten', { name: 'flatten' }),
      dense('dense', 1),
    ],
  },
  {
    name: 'conv1d_causal_nobias_gap_softmax',
    description: 'Conv1D(3, 3, padding=causal, use_bias=False) on (8, 3) -> GlobalAveragePooling1D -> Dense(2, softmax), categorical_crossentropy',
    batch: 4, loss: 'categorical_crossentropy', target: 'onehot',
    layers: [
      L('Conv1D', { name: 'conv1d', filters: 3, kernel_size: [3], strides: [1], padding: 'causal', dilation_rate: [1], activation: 'linear', use_bias: false, input_shape: [8, 3] }),
      L('GlobalAveragePooling1D', { name: 'global_average_pooling1d' }),
      dense('dense', 2, 'softmax'),
    ],
    tfjs_equivalent: {
      note: 'tfjs 4.22 has no causal conv1d; Keras implements causal as left zero-padding by (kernel_size-1)*dilation_rate = 2 steps, then valid, which is what these layers do',
      layers: [
        L('Reshape', { name: 'to_2d', target_shape: [8, 1, 3], input_shape: [8, 3] }),
        L('ZeroPadding2D', { name: 'causal_pad', padding: [[2, 0], [0, 0]] }),
        L('Reshape', { name: 'to_1d', target_shape: [10, 3] }),
        L('Conv1D', { name: 'conv1d', filters: 3, kernel_size: [3], strides: [1], padding: 'valid', dilation_rate: [1], activation: 'linear', use_bias: false }),
        L('GlobalAveragePooling1D', { name: 'global_average_pooling1d' }),
        dense('dense', 2, 'softmax'),
      ],
    },
  },
  {
    name: 'conv1d_same_even_kernel_avgpool_strides2',
    description: 'Conv1D(2, 4, padding=same: one zero before, two after, sigmoid) on (6, 2) -> AveragePooling1D(3, strides=2) -> Flatten -> Dense(1), mse',
    batch: 2, loss: 'mean_squared_error',
    layers: [
      L('Conv1D', { name: 'conv1d', filters: 2, kernel_size: [4], strides: [1], padding: 'same', dilation_rate: [1], activation: 'sigmoid', use_bias: true, input_shape: [6, 2] }),
      L('AveragePooling1D', { name: 'average_pooling1d', pool_size: [3], strides: [2], padding: 'valid' }),
      L('Flatten', { name: 'flatten' }),
      dense('dense', 1),
    ],
  },
  {
    name: 'conv1d_valid_strides3_lstm_dense',
    description: 'Conv1D(3, 4, strides=3) on (11, 2) -> LSTM(2) -> Dense(1): the Q&A seed shape in miniature, mse',
    batch: 3, loss: 'mean_squared_error',
    layers: [
      L('Conv1D', { name: 'conv1d', filters: 3, kernel_size: [4], strides: [3], padding: 'valid', dilation_rate: [1], activation: 'linear', use_bias: true, input_shape: [11, 2] }),
      L('LSTM', { name: 'lstm', units: 2, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, return_sequences: false }),
      dense('dense', 1),
    ],
  },
  {
    name: 'maxpool_valid_strides1_reshape_dense3d_gap',
    description: 'MaxPooling1D(3, strides=1) on (6, 2) -> Reshape((-1, 4)) -> Dense(3, tanh) per step -> GlobalAveragePooling1D -> Dense(1), mse',
    batch: 3, loss: 'mean_squared_error',
    layers: [
      L('MaxPooling1D', { name: 'max_pooling1d', pool_size: [3], strides: [1], padding: 'valid', input_shape: [6, 2] }),
      L('Reshape', { name: 'reshape', target_shape: [-1, 4] }),
      dense('dense', 3, 'tanh'),
      L('GlobalAveragePooling1D', { name: 'global_average_pooling1d' }),
      dense('dense_1', 1),
    ],
  },
  {
    name: 'avgpool_default_flatten_repeatvector_conv1d',
    description: 'AveragePooling1D() on (6, 2) -> Flatten -> RepeatVector(3) -> Conv1D(2, 2) -> Flatten -> Dense(1), mse',
    batch: 2, loss: 'mean_squared_error',
    layers: [
      L('AveragePooling1D', { name: 'average_pooling1d', pool_size: [2], strides: null, padding: 'valid', input_shape: [6, 2] }),
      L('Flatten', { name: 'flatten' }),
      L('RepeatVector', { name: 'repeat_vector', n: 3 }),
      L('Conv1D', { name: 'conv1d', filters: 2, kernel_size: [2], strides: [1], padding: 'valid', dilation_rate: [1], activation: 'tanh', use_bias: true }),
      L('Flatten', { name: 'flatten_1' }),
      dense('dense', 1),
    ],
  },
  {
    name: 'conv1d_causal_dilation2_forward',
    description: 'Conv1D(3, 3, padding=causal, dilation_rate=2, relu) on (9, 2) -> Flatten -> Dense(1): forward and loss only (tfjs has no dilated-conv gradient; Java checks those numerically)',
    batch: 2, loss: 'mean_squared_error', forward_only: true,
    layers: [
      L('Conv1D', { name: 'conv1d', filters: 3, kernel_size: [3], strides: [1], padding: 'causal', dilation_rate: [2], activation: 'relu', use_bias: true, input_shape: [9, 2] }),
      L('Flatten', { name: 'flatten' }),
      dense('dense', 1),
    ],
    tfjs_equivalent: {
      note: 'causal = left zero-padding by (kernel_size-1)*dilation_rate = 4 steps, then valid',
      layers: [
        L('Reshape', { name: 'to_2d', target_shape: [9, 1, 2], input_shape: [9, 2] }),
        L('ZeroPadding2D', { name: 'causal_pad', padding: [[4, 0], [0, 0]] }),
        L('Reshape', { name: 'to_1d', target_shape: [13, 2] }),
        L('Conv1D', { name: 'conv1d', filters: 3, kernel_size: [3], strides: [1], padding: 'valid', dilation_rate: [2], activation: 'relu', use_bias: true }),
        L('Flatten', { name: 'flatten' }),
        dense('dense', 1),
      ],
    },
  },
  {
    name: 'conv1d_same_dilation2_forward',
    description: 'Conv1D(2, 2, padding=same, dilation_rate=2) on (7, 3) -> Flatten -> Dense(1): forward and loss only',
    batch: 2, loss: 'mean_squared_error', forward_only: true,
    layers: [
      L('Conv1D', { name: 'conv1d', filters: 2, kernel_size: [2], strides: [1], padding: 'same', dilation_rate: [2], activation: 'tanh', use_bias: true, input_shape: [7, 3] }),
      L('Flatten', { name: 'flatten' }),
      dense('dense', 1),
    ],
  },
  {
    name: 'conv1d_avgpool_same_forward',
    description: 'Conv1D(2, 2) on (8, 2) -> AveragePooling1D(3, strides=2, padding=same: edge windows average their real steps only) -> Flatten -> Dense(1): forward and loss only (tfjs 4.22 back-propagates an edge window as if it had 3 steps, unlike TensorFlow; Java checks that gradient numerically)',
    batch: 2, loss: 'mean_squared_error', forward_only: true,
    layers: [
      L('Conv1D', { name: 'conv1d', filters: 2, kernel_size: [2], strides: [1], padding: 'valid', dilation_rate: [1], activation: 'linear', use_bias: true, input_shape: [8, 2] }),
      L('AveragePooling1D', { name: 'average_pooling1d', pool_size: [3], strides: [2], padding: 'same' }),
      L('Flatten', { name: 'flatten' }),
      dense('dense', 1),
    ],
  },
  {
    name: 'conv1d_same_zero_steps_gap',
    description: 'Conv1D(3, 3, padding=same, tanh) on (6, 2) whose input has zeroed timesteps (the input_zero_steps hook) -> GlobalAveragePooling1D -> Dense(1), mse',
    batch: 3, loss: 'mean_squared_error', input_zero_steps: [[0, 0], [0, 1], [2, 5]],
    layers: [
      L('Conv1D', { name: 'conv1d', filters: 3, kernel_size: [3], strides: [1], padding: 'same', dilation_rate: [1], activation: 'tanh', use_bias: true, input_shape: [6, 2] }),
      L('GlobalAveragePooling1D', { name: 'global_average_pooling1d' }),
      dense('dense', 1),
    ],
  },
];
