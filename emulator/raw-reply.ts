/**
 * A route's answer given as JSON text, with optional headers: for APIs whose bodies a JavaScript value cannot express
 * (a `1.0`, an integer beyond 2^53) or whose pagination lives in headers (`Link`, a cursor header).
 */
export class RawReply {
  constructor(
    readonly text: string,
    readonly headers: Record<string, string> = {},
  ) {}
}
