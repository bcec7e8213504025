// Apart from the codec, so the CLI names the variable in its help without loading Temporal's protobufs.

/** The environment variable that holds the codec keys: `id1:base64key,id0:oldkey`, the first encrypts. */
export const CODEC_KEYS_ENV = 'SLUICE_CODEC_KEYS';
