// Progress of a long run: a bar redrawn in place on a terminal, or a line per tenth elsewhere (CI, files).
// It writes to stderr, so stdout stays the summary (and the JSON line with --json).

export interface Progress {
  update(done: number): void;
  finish(): void;
}

export function progressBar(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let lastTenth = -1;
  let lastDraw = 0;
  const line = (done: number) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label} · ${rate.toFixed(1)}/s · ${Math.round(seconds)} s, about ${eta} s to go`;
  };
  return {
    update(done) {
      if (stream.isTTY) {
        if (Date.now() - lastDraw < 200 && done < total) return;
        lastDraw = Date.now();
        stream.write(`\r${line(done)}`);
      } else {
        const tenth = Math.floor((done / Math.max(1, total)) * 10);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          stream.write(`${line(done)}\n`);
        }
      }
    },
    finish() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
