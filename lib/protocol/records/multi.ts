import type { JuteReader } from '../jute-reader';
import type { JuteWriter } from '../jute-writer';
import { OpCode } from '../op-codes';
import { ProtocolError } from '../zookeeper-error';
import { createRequest, createTtlRequest, create2Response, type CreateRequest, type CreateTtlRequest } from './create';
import { getChildrenResponse } from './children';
import { getDataResponse, setDataRequest, type SetDataRequest } from './data';
import { multiHeader } from './headers';
import {
  errorResponse,
  pathRecord,
  pathVersionRequest,
  pathWatchRequest,
  type PathVersionRequest,
  type PathWatchRequest,
  type RecordCodec,
} from './record-codec';
import { statRecord, type Stat } from './stat';

/** One op of a multi (transaction) or multiRead request. */
export type MultiOp =
  | {
      /** A create in one of its flavours. */
      op: OpCode.CREATE | OpCode.CREATE2 | OpCode.CREATE_CONTAINER;
      /** What to create. */
      request: CreateRequest;
    }
  | {
      /** A create with a TTL. */
      op: OpCode.CREATE_TTL;
      /** What to create, and its TTL. */
      request: CreateTtlRequest;
    }
  | {
      /** A delete, or a version check. */
      op: OpCode.DELETE | OpCode.CHECK;
      /** The node and the version it must have. */
      request: PathVersionRequest;
    }
  | {
      /** A setData. */
      op: OpCode.SET_DATA;
      /** The node, its new data and the version it must have. */
      request: SetDataRequest;
    }
  | {
      /** A read, only in a multiRead. */
      op: OpCode.GET_DATA | OpCode.GET_CHILDREN;
      /** The node to read; `watch` is sent as given. */
      request: PathWatchRequest;
    };

/**
 * One result of a multi/multiRead response. Creates of any flavor other than plain CREATE come back as CREATE2
 * (with a Stat); a failed op, and every op of a failed transaction, comes back as ERROR with its code.
 */
export type MultiResult =
  | {
      /** A plain create's result. */
      op: OpCode.CREATE;
      /** The created node's server path. */
      path: string;
    }
  | {
      /** The result of a create of any other flavour. */
      op: OpCode.CREATE2;
      /** The created node's server path. */
      path: string;
      /** The created node's Stat. */
      stat: Stat;
    }
  | {
      /** A delete's or a check's result (no body). */
      op: OpCode.DELETE | OpCode.CHECK;
    }
  | {
      /** A setData's result. */
      op: OpCode.SET_DATA;
      /** The node's Stat after the write. */
      stat: Stat;
    }
  | {
      /** A getData's result (multiRead). */
      op: OpCode.GET_DATA;
      /** The node's data; empty when it has none. */
      data: Buffer;
      /** The node's Stat. */
      stat: Stat;
    }
  | {
      /** A getChildren's result (multiRead). */
      op: OpCode.GET_CHILDREN;
      /** The children's names. */
      children: string[];
    }
  | {
      /** A failed op, or any op of a failed transaction. */
      op: OpCode.ERROR;
      /** The op's {@link ErrorCode}; in a failed transaction 0 before the failing op, RUNTIMEINCONSISTENCY after it. */
      err: number;
    };

function writeOp(w: JuteWriter, item: MultiOp): void {
  switch (item.op) {
    case OpCode.CREATE:
    case OpCode.CREATE2:
    case OpCode.CREATE_CONTAINER:
      createRequest.write(w, item.request);
      return;
    case OpCode.CREATE_TTL:
      createTtlRequest.write(w, item.request);
      return;
    case OpCode.DELETE:
    case OpCode.CHECK:
      pathVersionRequest.write(w, item.request);
      return;
    case OpCode.SET_DATA:
      setDataRequest.write(w, item.request);
      return;
    case OpCode.GET_DATA:
    case OpCode.GET_CHILDREN:
      pathWatchRequest.write(w, item.request);
      return;
  }
}

function readOp(r: JuteReader, op: number): MultiOp {
  switch (op) {
    case OpCode.CREATE:
    case OpCode.CREATE2:
    case OpCode.CREATE_CONTAINER:
      return { op, request: createRequest.read(r) };
    case OpCode.CREATE_TTL:
      return { op, request: createTtlRequest.read(r) };
    case OpCode.DELETE:
    case OpCode.CHECK:
      return { op, request: pathVersionRequest.read(r) };
    case OpCode.SET_DATA:
      return { op, request: setDataRequest.read(r) };
    case OpCode.GET_DATA:
    case OpCode.GET_CHILDREN:
      return { op, request: pathWatchRequest.read(r) };
    default:
      throw new ProtocolError(`unexpected op ${op} in a multi request`);
  }
}

const END = { type: -1, done: true, err: -1 };

/** MultiRequest (opcode MULTI or MULTI_READ): a MultiHeader before each op, and a `done` header at the end. */
export const multiRequest: RecordCodec<MultiOp[]> = {
  write(w, ops) {
    for (const item of ops) {
      w.int(item.op).bool(false).int(-1);
      writeOp(w, item);
    }
    multiHeader.write(w, END);
  },
  read(r) {
    const ops: MultiOp[] = [];
    for (;;) {
      const header = multiHeader.read(r);
      if (header.done) return ops;
      ops.push(readOp(r, header.type));
    }
  },
};

function writeResult(w: JuteWriter, result: MultiResult): void {
  switch (result.op) {
    case OpCode.CREATE:
      pathRecord.write(w, result);
      return;
    case OpCode.CREATE2:
      create2Response.write(w, result);
      return;
    case OpCode.DELETE:
    case OpCode.CHECK:
      return;
    case OpCode.SET_DATA:
      statRecord.write(w, result.stat);
      return;
    case OpCode.GET_DATA:
      getDataResponse.write(w, result);
      return;
    case OpCode.GET_CHILDREN:
      getChildrenResponse.write(w, result);
      return;
    case OpCode.ERROR:
      errorResponse.write(w, result);
      return;
  }
}

function readResult(r: JuteReader, op: number): MultiResult {
  switch (op) {
    case OpCode.CREATE:
      return { op, path: r.string() };
    case OpCode.CREATE2:
    case OpCode.CREATE_TTL:
    case OpCode.CREATE_CONTAINER: {
      const body = create2Response.read(r);
      return { op: OpCode.CREATE2, path: body.path, stat: body.stat };
    }
    case OpCode.DELETE:
    case OpCode.CHECK:
      return { op };
    case OpCode.SET_DATA:
      return { op, stat: statRecord.read(r) };
    case OpCode.GET_DATA: {
      const body = getDataResponse.read(r);
      return { op, data: body.data, stat: body.stat };
    }
    case OpCode.GET_CHILDREN:
      return { op, children: r.stringVector() };
    case OpCode.ERROR:
      return { op, err: r.int() };
    default:
      throw new ProtocolError(`unexpected op ${op} in a multi response`);
  }
}

/** MultiResponse: a MultiHeader (type = op, or -1 with the error) before each result, then a `done` header. */
export const multiResponse: RecordCodec<MultiResult[]> = {
  write(w, results) {
    for (const result of results) {
      w.int(result.op)
        .bool(false)
        .int(result.op === OpCode.ERROR ? result.err : 0);
      writeResult(w, result);
    }
    multiHeader.write(w, END);
  },
  read(r) {
    const results: MultiResult[] = [];
    for (;;) {
      const header = multiHeader.read(r);
      if (header.done) return results;
      results.push(readResult(r, header.type));
    }
  },
};
