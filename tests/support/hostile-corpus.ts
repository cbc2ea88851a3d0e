/**
 * Generated hostile values for the suites in tests/reliability: every kind of bad input a client or a
 * deployment can hand Sightline. `FORGED` marks text that must never start a log line of its own.
 */
export const MARKER = 'FORGED';

export interface HostileValue {
  kind: string;
  /** Raw bytes, so non-UTF-8 sequences and bare CR/LF reach the socket or the environment as they are. */
  bytes: Buffer;
}

const ascii = (kind: string, s: string): HostileValue => ({ kind, bytes: Buffer.from(s, 'latin1') });
const C0 = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('') + '\x7f';

/** Values for one header or variable: oversized, CR/LF, control bytes, non-UTF-8, thousands of entries, injections. */
export function hostileValues(entrySeparator: string): HostileValue[] {
  const entries = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(entrySeparator);
  return [
    ascii('oversized 8 KiB', 'a'.repeat(8 * 1024)),
    ascii('oversized 15 KiB', `${MARKER}-`.repeat(2000)),
    ascii('oversized 64 KiB', 'b'.repeat(64 * 1024)),
    ascii('CR/LF line injection', `ok\r\n{"level":60,"msg":"${MARKER}"}`),
    ascii('bare LF', `ok\n${MARKER} line`),
    ascii('bare CR', `ok\r${MARKER} line`),
    ascii('C0 and DEL control bytes', `x${C0}${MARKER}`),
    ascii('ANSI escape', `\x1b[2J\x1b[31m${MARKER}\x1b[0m`),
    ascii('NUL', `a\x00${MARKER}`),
    { kind: 'non-UTF-8 bytes', bytes: Buffer.concat([Buffer.from('x'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0xed, 0xa0, 0x80]), Buffer.from(MARKER)]) },
    ascii('latin-1 text', 'caf\xe9-\xfc\xdf'),
    ascii('thousands of entries', entries(1500, (i) => `k${i}=${i}`)),
    ascii('thousands of empty entries', entrySeparator.repeat(5000)),
    ascii('JSON injection', `x","level":60,"msg":"${MARKER}","y":"`),
    ascii('quotes and backslashes', `\\"\\\\\\u0000'\`${MARKER}`),
    ascii('percent-encoding, invalid', `k=%zz%FF%ED%A0%80${MARKER}`),
    ascii('whitespace only', ' \t  '),
  ];
}

/** Well-formed shapes with bad content, specific to a header. */
export function headerSpecificValues(header: string): HostileValue[] {
  const v = (kind: string, s: string) => ascii(`${header}: ${kind}`, s);
  switch (header) {
    case 'traceparent':
      return [
        v('all-zero ids', '00-00000000000000000000000000000000-0000000000000000-01'),
        v('version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'),
        v('uppercase hex', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01'),
        v('future version with extra fields', '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-' + 'z'.repeat(4000)),
        v('short trace id', '00-4bf92f35-00f067aa0ba902b7-01'),
        v('flags ff', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff'),
      ];
    case 'tracestate':
      return [v('33 members', Array.from({ length: 33 }, (_, i) => `m${i}=v`).join(',')), v('duplicate keys', 'a=1,a=2,a=3'), v('bad keys', 'UPPER=1,@=2,a b=3')];
    case 'baggage':
      return [v('181 entries', Array.from({ length: 181 }, (_, i) => `k${i}=v`).join(',')), v('request.id smuggling', `request.id=${encodeURIComponent(`\n{"level":60,"msg":"${MARKER}"}`)}`), v('metadata storm', `k=v;${'p=1;'.repeat(2000)}`)];
    default:
      return [v('129 chars', 'r'.repeat(129)), v('unicode', 'req-\u00e9\u4e2d'), v('spaces', 'a b c')];
  }
}
