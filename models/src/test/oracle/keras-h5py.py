#!/usr/bin/env python3
"""keras-h5py.py - rewrites the jHDF-written Keras fixtures with h5py, making exactly the h5py calls Keras
makes when it saves (tf.keras 2.x hdf5_format.save_model_to_hdf5 / save_weights_to_hdf5_group, Keras 3
saving_lib.H5IOStore), so the importer is also tested on files written by the reference HDF5 library
(libhdf5), with its variable-length string attributes, symbol-table groups and empty float attributes.

No TensorFlow/Keras is needed (nor available here); only h5py and numpy:

    apt-get install python3-h5py            # Debian: h5py 3.7.0, HDF5 1.10.8
    cd models && java -cp target/test-classes:target/classes:$(cat cp.txt) io.tidecast.models.KerasFiles /tmp/fx
    /usr/bin/python3 src/test/oracle/keras-h5py.py /tmp/fx src/test/resources/import/h5py
"""
import io
import json
import os
import sys
import zipfile

import h5py
import numpy as np

NAMES = ["mlp", "lstm_dense", "stacked_lstm", "conv1d"]


def keras2(src, dst):
    with h5py.File(src, "r") as i, h5py.File(dst, "w") as f:
        config = json.loads(i.attrs["model_config"])
        # saving_utils.model_metadata: str values stay str (h5py: variable-length), dicts are JSON bytes
        f.attrs["keras_version"] = "2.15.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(config).encode("utf8")
        g = f.create_group("model_weights")
        layer_names = [n.decode() if isinstance(n, bytes) else n for n in i["model_weights"].attrs["layer_names"]]
        g.attrs["layer_names"] = np.asarray([n.encode("utf8") for n in layer_names])
        g.attrs["backend"] = "tensorflow".encode("utf8")
        g.attrs["keras_version"] = "2.15.0".encode("utf8")
        for name in sorted(layer_names):
            lg = g.create_group(name)
            src_group = i["model_weights"][name]
            weight_names = [w.decode() if isinstance(w, bytes) else w
                            for w in src_group.attrs.get("weight_names", [])]
            lg.attrs["weight_names"] = np.asarray([w.encode("utf8") for w in weight_names])  # [] -> float64
            for w in weight_names:
                val = np.asarray(src_group[w], dtype=np.float32)
                d = lg.create_dataset(w, val.shape, dtype=val.dtype)
                d[:] = val


def keras3(src, dst):
    with zipfile.ZipFile(src) as z:
        config = z.read("config.json")
        weights_in = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        f.create_group("vars")  # the Sequential's own (no) variables
        for key in weights_in["layers"]:
            layer = weights_in["layers"][key]

            def copy(path, group):
                # H5IOStore.make(path): create_group(path).create_group("vars"); entries create_dataset(key, data)
                out = f.create_group(path).create_group("vars")
                if "vars" in group:
                    for i in range(len(group["vars"])):
                        out.create_dataset(str(i), data=np.asarray(group["vars"][str(i)], dtype=np.float32))
                for child in group:
                    if child != "vars":
                        copy(path + "/" + child, group[child])

            copy("layers/" + key, layer)
    with zipfile.ZipFile(dst, "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.6.0", "date_saved": "2026-11-22@08:00:00"}))
        z.writestr("config.json", config)
        z.writestr("model.weights.h5", buf.getvalue())


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for n in NAMES:
        keras2(os.path.join(src, n + ".h5"), os.path.join(out, n + ".h5"))
        keras3(os.path.join(src, n + ".keras"), os.path.join(out, n + ".keras"))
    print("h5py", h5py.version.version, "HDF5", h5py.version.hdf5_version)


if __name__ == "__main__":
    main()
