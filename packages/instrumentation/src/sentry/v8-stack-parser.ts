// Parses one V8 stack line ("    at fn (/path/file.js:10:5)" or "    at /path/file.js:10:5") into a
// Sentry stack frame; @sentry/core 11 no longer ships the Node parser.
const LINE = /^\s*at (?:(.+?) \()?(?:file:\/\/)?(.+?):(\d+):(\d+)\)?$/;

export interface SentryFrame {
  filename: string;
  function: string;
  lineno: number;
  colno: number;
  in_app: boolean;
}

export function parseV8StackLine(line: string): SentryFrame | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const filename = m[2]!;
  return {
    filename,
    function: m[1] ?? '?',
    lineno: Number(m[3]),
    colno: Number(m[4]),
    in_app: !filename.includes('/node_modules/') && !filename.startsWith('node:'),
  };
}
