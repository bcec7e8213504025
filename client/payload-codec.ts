import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import protos from '@temporalio/proto';

const { temporal } = protos;
import { SluiceError } from '../engine/errors';

import { CODEC_KEYS_ENV } from './codec-keys-env';

export { CODEC_KEYS_ENV };

/** The encoding an encrypted payload carries in its metadata. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A codec key is malformed, or a payload was encrypted with a key that is not configured. */
export class CodecKeyError extends SluiceError {
  override name = 'CodecKeyError';
}

/** One AES-256 key and the ID payloads name it by. */
export interface CodecKey {
  id: string;
  key: Buffer;
}

/** Parses `id1:base64key,id0:oldkey`; each key must be 32 bytes. */
export function parseCodecKeys(text: string): CodecKey[] {
  const keys = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part, index) => {
      const match = /^([^:\s]+):(.+)$/.exec(part);
      if (!match) throw new CodecKeyError(`${CODEC_KEYS_ENV}[${index}] must be ID:BASE64KEY`);
      const key = Buffer.from(match[2]!, 'base64');
      if (key.length !== 32)
        throw new CodecKeyError(
          `${CODEC_KEYS_ENV}[${index}] (${match[1]}) must be 32 bytes in base64, not ${key.length}`,
        );
      return { id: match[1]!, key };
    });
  if (keys.length === 0) throw new CodecKeyError(`${CODEC_KEYS_ENV} holds no key`);
  return keys;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * Temporal payload codec encrypting each payload with AES-256-GCM under the first key; a payload names its key by ID,
 * so payloads written under an older key still decode while it stays configured.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: CodecKey[]) {
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0]!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID]: utf8(id) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding;
      if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload;
      const id = Buffer.from(payload.metadata?.[KEY_ID] ?? []).toString();
      const key = this.byId.get(id);
      if (!key) throw new CodecKeyError(`payload encrypted with key ${id}, which ${CODEC_KEYS_ENV} does not hold`);
      const data = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** The codec the environment asks for, or undefined when no key is set. */
export function codecFromEnv(env: NodeJS.ProcessEnv = process.env): AesGcmPayloadCodec | undefined {
  const text = env[CODEC_KEYS_ENV];
  return text ? new AesGcmPayloadCodec(parseCodecKeys(text)) : undefined;
}

/** The data converter of every client and worker sluice creates: encrypting when a key is set. */
export function sluiceDataConverter(env: NodeJS.ProcessEnv = process.env): DataConverter | undefined {
  const codec = codecFromEnv(env);
  return codec ? { payloadCodecs: [codec] } : undefined;
}
