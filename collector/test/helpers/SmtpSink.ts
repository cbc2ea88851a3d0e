import { createServer, type Server, type Socket } from 'node:net';

export interface Mail {
  from: string;
  to: string[];
  data: string;
}

/** A minimal SMTP server (no TLS, no AUTH) that keeps every message it is given. */
export class SmtpSink {
  readonly mails: Mail[] = [];
  private server: Server | undefined;

  async start(): Promise<number> {
    this.server = createServer((socket) => this.session(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  private session(socket: Socket): void {
    let buffer = '';
    let mail: Mail = { from: '', to: [], data: '' };
    let inData = false;
    socket.write('220 localhost ESMTP sink\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          this.mails.push(mail);
          mail = { from: '', to: [], data: '' };
          inData = false;
          socket.write('250 OK\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 localhost\r\n');
        else if (verb === 'MAIL') (mail.from = line.slice(10).trim(), socket.write('250 OK\r\n'));
        else if (verb === 'RCPT') (mail.to.push(line.slice(8).trim()), socket.write('250 OK\r\n'));
        else if (verb === 'DATA') (inData = true, socket.write('354 End data with <CR><LF>.<CR><LF>\r\n'));
        else if (verb === 'QUIT') (socket.write('221 Bye\r\n'), socket.end());
        else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => socket.destroy());
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
