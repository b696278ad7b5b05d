/** The one error a codec throws: which codec, and whether it was the size limit. */
import { KafkaCodecError } from "../wire/errors";

export function codecFailure(
  codec: string,
  maxBytes: number,
  cause: unknown,
  overLimit: boolean,
): KafkaCodecError {
  return overLimit
    ? new KafkaCodecError(
        codec,
        `${codec} batch inflates past ${maxBytes} bytes (the consumer's limit)`,
        true,
        cause,
      )
    : new KafkaCodecError(
        codec,
        `${codec} batch does not decompress: ${cause instanceof Error ? cause.message : String(cause)}`,
        false,
        cause,
      );
}
