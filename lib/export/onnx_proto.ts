// The part of the ONNX protobuf schema (onnx/onnx.proto, IR version 8) that a dense or conv
// autoencoder needs, as a protobufjs descriptor: field names and numbers as in onnx.proto, so
// that protobufjs does the encoding and any ONNX reader can decode the bytes.

import protobuf from "protobufjs";

const repeated = (type: string, id: number) => ({ rule: "repeated", type, id });

/** Message types of the subset, by onnx.proto's names; fields in protobufjs's camelCase. */
const SCHEMA = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: "int64", id: 1 },
            producerName: { type: "string", id: 2 },
            producerVersion: { type: "string", id: 3 },
            docString: { type: "string", id: 6 },
            graph: { type: "GraphProto", id: 7 },
            opsetImport: repeated("OperatorSetIdProto", 8),
            metadataProps: repeated("StringStringEntryProto", 14),
          },
        },
        StringStringEntryProto: {
          fields: { key: { type: "string", id: 1 }, value: { type: "string", id: 2 } },
        },
        OperatorSetIdProto: {
          fields: { domain: { type: "string", id: 1 }, version: { type: "int64", id: 2 } },
        },
        GraphProto: {
          fields: {
            node: repeated("NodeProto", 1),
            name: { type: "string", id: 2 },
            initializer: repeated("TensorProto", 5),
            docString: { type: "string", id: 10 },
            input: repeated("ValueInfoProto", 11),
            output: repeated("ValueInfoProto", 12),
          },
        },
        NodeProto: {
          fields: {
            input: repeated("string", 1),
            output: repeated("string", 2),
            name: { type: "string", id: 3 },
            opType: { type: "string", id: 4 },
            attribute: repeated("AttributeProto", 5),
          },
        },
        AttributeProto: {
          fields: {
            name: { type: "string", id: 1 },
            f: { type: "float", id: 2 },
            i: { type: "int64", id: 3 },
            ints: repeated("int64", 8),
            type: { type: "int32", id: 20 },
          },
        },
        TensorProto: {
          fields: {
            dims: repeated("int64", 1),
            dataType: { type: "int32", id: 2 },
            name: { type: "string", id: 8 },
            rawData: { type: "bytes", id: 9 },
          },
        },
        ValueInfoProto: {
          fields: { name: { type: "string", id: 1 }, type: { type: "TypeProto", id: 2 } },
        },
        TypeProto: {
          fields: { tensorType: { type: "Tensor", id: 1 } },
          nested: {
            Tensor: {
              fields: {
                elemType: { type: "int32", id: 1 },
                shape: { type: "TensorShapeProto", id: 2 },
              },
            },
          },
        },
        TensorShapeProto: {
          fields: { dim: repeated("Dimension", 1) },
          nested: {
            Dimension: {
              fields: {
                dimValue: { type: "int64", id: 1 },
                dimParam: { type: "string", id: 2 },
              },
            },
          },
        },
      },
    },
  },
};

/** onnx.proto's TensorProto.DataType values used here. */
export const DATA_TYPE = { FLOAT: 1, INT64: 7 } as const;
/** onnx.proto's AttributeProto.AttributeType values used here. */
export const ATTRIBUTE_TYPE = { FLOAT: 1, INT: 2, INTS: 7 } as const;

const ROOT = protobuf.Root.fromJSON(SCHEMA);
const MODEL = ROOT.lookupType("onnx.ModelProto");

/** Encodes a ModelProto given as a plain object (camelCase fields); throws on a bad field. */
export function encodeModel(model: Record<string, unknown>): Uint8Array {
  const problem = MODEL.verify(model);
  if (problem) throw new Error(`ONNX model does not fit onnx.ModelProto: ${problem}`);
  return MODEL.encode(MODEL.fromObject(model)).finish();
}

/** Decodes ModelProto bytes back to a plain object (for tests and checks). */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  return MODEL.toObject(MODEL.decode(bytes), { longs: Number, bytes: Array });
}
