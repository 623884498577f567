#!/usr/bin/env python3
"""keras3-files.py - model files written by a real Keras 3 install, with Keras's own predictions.

Builds small Sequential and chain-shaped Functional models with fixed seeds, trains each for two Adam steps,
saves each as `.keras` (model.save) and most also as legacy `.h5` (model.save("x.h5")), and writes Keras's predictions
on fixed inputs (from the model in memory, and again from each reloaded file, which must agree) to
expected.json. Checked by KerasRealFilesTest.

Written with Keras 3.15.1 on the JAX backend (jax/jaxlib 0.10.2, h5py 3.16, Python 3.11, CPU):

    python3 -m venv /tmp/kvenv
    /tmp/kvenv/bin/pip install keras==3.15.1 jax==0.10.2 jaxlib==0.10.2 h5py
    KERAS_BACKEND=jax /tmp/kvenv/bin/python models/src/test/oracle/keras3-files.py \
        models/src/test/resources/import/keras/keras3-real

Rerunning gives identical `.h5` files, weights and expected.json; a `.keras` archive differs only in
metadata.json's `date_saved` and config.json's `shared_object_id` values (Python object ids).
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

assert keras.backend.backend() == "jax", "run with KERAS_BACKEND=jax"


def lstm_dense():
    return keras.Sequential([keras.Input((6, 2)), layers.LSTM(8), layers.Dense(1)], name="lstm_dense")


def gru_stacked():
    return keras.Sequential([
        keras.Input((5, 3)),
        layers.GRU(4, return_sequences=True),
        layers.GRU(3),
        layers.Dense(2),
    ], name="gru_stacked")


def bidirectional_lstm():
    return keras.Sequential([
        keras.Input((5, 3)),
        layers.Bidirectional(layers.LSTM(4, return_sequences=True)),
        layers.Bidirectional(layers.LSTM(3), merge_mode="sum"),
        layers.Dense(1),
    ], name="bidirectional_lstm")


def simple_rnn_time_distributed():
    return keras.Sequential([
        keras.Input((5, 2)),
        layers.SimpleRNN(4, return_sequences=True),
        layers.TimeDistributed(layers.Dense(2, activation="tanh")),
        layers.Flatten(),
        layers.Dense(1),
    ], name="simple_rnn_time_distributed")


def conv1d_pool():
    return keras.Sequential([
        keras.Input((12, 2)),
        layers.Conv1D(4, 3, activation="relu"),
        layers.MaxPooling1D(2),
        layers.Flatten(),
        layers.Dense(3),
    ], name="conv1d_pool")


def normalization():
    return keras.Sequential([
        keras.Input((6, 3)),
        layers.Dense(4),
        layers.BatchNormalization(momentum=0.5),  # moving statistics well away from 0 and 1 after two steps
        layers.LayerNormalization(),
        layers.LSTM(3),
        layers.Dense(1),
    ], name="normalization")


def functional_activations():
    inputs = keras.Input((10, 2))
    x = layers.Conv1D(4, 3)(inputs)
    x = layers.PReLU()(x)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    x = layers.ELU(alpha=0.8)(x)
    x = layers.ReLU(max_value=6.0)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(3)(x)
    outputs = layers.Softmax()(x)
    return keras.Model(inputs, outputs, name="functional_activations")


def functional_gru_dense():
    inputs = keras.Input((6, 2))
    x = layers.GRU(5)(inputs)
    x = layers.Dense(4, activation="relu")(x)
    outputs = layers.Dense(1)(x)
    return keras.Model(inputs, outputs, name="functional_gru_dense")


def built_on_fit():
    # no Input: Keras builds the model on the first fit and records the shape in build_config
    return keras.Sequential([layers.LSTM(6), layers.Dense(1)], name="built_on_fit")


def input_shape_argument():
    # the Keras 2 tutorial style, still accepted (with a warning) by Keras 3
    return keras.Sequential([layers.GRU(4, input_shape=(6, 2)), layers.Dense(1)], name="input_shape_argument")


def conv1d_causal():
    return keras.Sequential([
        keras.Input((16, 2)),
        layers.Conv1D(4, 3, padding="causal", dilation_rate=2, activation="swish"),
        layers.Conv1D(3, 2, strides=2, padding="same", use_bias=False),
        layers.AveragePooling1D(2),
        layers.GlobalAveragePooling1D(),
        layers.Dense(1),
    ], name="conv1d_causal")


def masking_dropout():
    return keras.Sequential([
        keras.Input((6, 2)),
        layers.Masking(0.0),
        layers.LSTM(5, dropout=0.1),
        layers.Dropout(0.3),
        layers.Dense(3, activation="gelu"),
    ], name="masking_dropout")


def recurrent_options():
    return keras.Sequential([
        keras.Input((5, 3)),
        layers.GRU(4, recurrent_activation="hard_sigmoid", reset_after=False, go_backwards=True,
                   return_sequences=True),
        layers.SimpleRNN(3, activation="relu", use_bias=False),
        layers.Dense(1, activation="sigmoid"),
    ], name="recurrent_options")


def dense_repeat_reshape():
    return keras.Sequential([
        keras.Input((4,)),
        layers.Dense(6, activation="selu", kernel_regularizer=keras.regularizers.L2(1e-3)),
        layers.RepeatVector(3),
        layers.LSTM(2, return_sequences=True, unit_forget_bias=False),
        layers.Reshape((6,)),
        layers.Dense(1),
    ], name="dense_repeat_reshape")


def conv1d_global_max():
    return keras.Sequential([
        keras.Input((12, 2)),
        layers.Conv1D(4, 3, activation="tanh"),
        layers.GlobalMaxPooling1D(),
        layers.Dense(1),
    ], name="conv1d_global_max")


MODELS = [
    (lstm_dense, "Sequential Input(6, 2) -> LSTM(8) -> Dense(1)"),
    (gru_stacked, "Sequential Input(5, 3) -> GRU(4, return_sequences) -> GRU(3) -> Dense(2)"),
    (bidirectional_lstm, "Sequential Input(5, 3) -> Bidirectional(LSTM(4, return_sequences)) -> "
                         "Bidirectional(LSTM(3), merge_mode=sum) -> Dense(1)"),
    (simple_rnn_time_distributed, "Sequential Input(5, 2) -> SimpleRNN(4, return_sequences) -> "
                                  "TimeDistributed(Dense(2, tanh)) -> Flatten -> Dense(1)"),
    (conv1d_pool, "Sequential Input(12, 2) -> Conv1D(4, 3, relu) -> MaxPooling1D(2) -> Flatten -> Dense(3)"),
    (normalization, "Sequential Input(6, 3) -> Dense(4) -> BatchNormalization(momentum=0.5) -> LayerNormalization -> "
                    "LSTM(3) -> Dense(1)"),
    (functional_activations, "Functional Input(10, 2) -> Conv1D(4, 3) -> PReLU -> LeakyReLU(0.2) -> ELU(0.8) -> "
                             "ReLU(max_value=6) -> Flatten -> Dense(3) -> Softmax"),
    (functional_gru_dense, "Functional Input(6, 2) -> GRU(5) -> Dense(4, relu) -> Dense(1)"),
    (built_on_fit, "Sequential without Input, built by fit on (7, 2): LSTM(6) -> Dense(1)"),
    (input_shape_argument, "Sequential GRU(4, input_shape=(6, 2)) -> Dense(1)"),
    (conv1d_causal, "Sequential Input(16, 2) -> Conv1D(4, 3, causal, dilation_rate=2, swish) -> "
                    "Conv1D(3, 2, strides=2, same, use_bias=False) -> AveragePooling1D(2) -> "
                    "GlobalAveragePooling1D -> Dense(1)"),
    (masking_dropout, "Sequential Input(6, 2) -> Masking(0.0) -> LSTM(5, dropout=0.1) -> Dropout(0.3) -> "
                      "Dense(3, gelu); the second input sample ends in two masked (all-zero) steps"),
    (recurrent_options, "Sequential Input(5, 3) -> GRU(4, hard_sigmoid, reset_after=False, go_backwards, "
                        "return_sequences) -> SimpleRNN(3, relu, use_bias=False) -> Dense(1, sigmoid)"),
    (dense_repeat_reshape, "Sequential Input(4) -> Dense(6, selu, L2) -> RepeatVector(3) -> "
                           "LSTM(2, return_sequences, unit_forget_bias=False) -> Reshape((6,)) -> Dense(1)"),
    (conv1d_global_max, "Sequential Input(12, 2) -> Conv1D(4, 3, tanh) -> GlobalMaxPooling1D -> Dense(1)"),
]

# input shapes of models that have no Input to ask
SHAPES = {"built_on_fit": (7, 2)}
# saved as .keras only, to keep the fixtures small (the legacy .h5 layout is covered by the others)
KERAS_ONLY = {"input_shape_argument", "conv1d_causal", "masking_dropout", "recurrent_options", "dense_repeat_reshape",
              "conv1d_global_max"}


# dropout in training: Keras's random masks cannot be replayed elsewhere, so no SGD step is recorded
DROPOUT = {"masking_dropout"}


def sgd_step(path, x, y, dropout):
    """Keras continuing from the file: load (uncompiled), compile SGD(0.1) + MSE, one train_on_batch on (x, y).

    Returns the step's loss (computed before the update, regularization included) and the predictions after it.
    """
    if dropout:
        return {"y": tensor(y), "sgd_step_loss": None, "after_sgd_step": None}
    model = keras.saving.load_model(path, compile=False)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    loss = model.train_on_batch(x, y)
    return {"y": tensor(y), "sgd_step_loss": float(loss), "after_sgd_step": tensor(model.predict(x, verbose=0))}


def tensor(a):
    a = np.asarray(a, dtype=np.float32)
    # float32 values written as the doubles they are exactly
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20261203)
    entries = {}
    for i, (build, description) in enumerate(MODELS):
        keras.utils.set_random_seed(1000 + i)
        model = build()
        name = model.name
        shape = SHAPES.get(name) or model.input_shape[1:]
        units = 1 if name in SHAPES else model.output_shape[-1]
        x_train = rng.standard_normal((8,) + shape).astype(np.float32)
        y_train = rng.standard_normal((8, units)).astype(np.float32)
        if name == "functional_activations":
            y_train = keras.ops.convert_to_numpy(keras.ops.softmax(y_train))
        # two Adam steps, so weights (and BatchNormalization's moving statistics) are no longer initial
        model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
        model.fit(x_train, y_train, batch_size=4, epochs=1, shuffle=False, verbose=0)
        x = rng.standard_normal((3,) + shape).astype(np.float32)
        if name == "masking_dropout":
            x[1, -2:, :] = 0.0
        y = model.predict(x, verbose=0)
        # targets of the SGD step from their own stream, so the draws above stay as they were
        y_step = np.random.default_rng(7000 + i).standard_normal(y.shape).astype(np.float32)
        if name == "functional_activations":
            y_step = keras.ops.convert_to_numpy(keras.ops.softmax(y_step))
        for ext in ("keras",) if name in KERAS_ONLY else ("keras", "h5"):
            path = os.path.join(out, f"{name}.{ext}")
            model.save(path)
            again = keras.saving.load_model(path, compile=False).predict(x, verbose=0)
            # Keras reading its own file gives the same numbers
            np.testing.assert_allclose(again, y, rtol=0, atol=1e-6)
            entries[f"{name}.{ext}"] = {
                "description": description,
                "x": tensor(x),
                "expected": dict(tensor(y), source=f"Keras {keras.__version__} (JAX backend) model.predict"),
                **sgd_step(path, x, y_step, name in DROPOUT),
            }
    doc = {
        "generator": "src/test/oracle/keras3-files.py",
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "note": "x: the input; expected: Keras's prediction for it; y, sgd_step_loss, after_sgd_step: one SGD(0.1) "
                "MSE train_on_batch(x, y) of the reloaded file and the predictions after it (null with dropout); "
                "float32 values written as exact doubles",
        "models": entries,
    }
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for n in sorted(os.listdir(out)):
        print(f"{os.path.getsize(os.path.join(out, n)):8d} {n}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "keras3-real")
