import type { CaseResult } from './check.ts';

/**
 * Progress of a test run on stderr. On a terminal: one line rewritten in place
 * ("[12/40] 1 failed  cpu/alu"), cleared at the end so the summary stands alone. Elsewhere (CI
 * logs, pipes): one plain line per finished case, so the log shows what ran and in what order.
 */
export class Progress {
  private readonly write: (text: string) => void;
  private readonly tty: boolean;
  private readonly total: number;
  private done = 0;
  private failed = 0;
  private shown = false;

  /** Reports on `write`; `tty` picks the in-place line; `total` counts every case, skipped too. */
  constructor(write: (text: string) => void, tty: boolean, total: number) {
    this.write = write;
    this.tty = tty;
    this.total = total;
  }

  /** Records one finished case and shows the new state. */
  caseDone(r: CaseResult): void {
    this.done++;
    if (r.verdict === 'fail') this.failed++;
    const count = `[${this.done}/${this.total}]`;
    if (this.tty) {
      const failures = this.failed > 0 ? ` ${this.failed} failed` : '';
      this.write(`\r\x1b[K${count}${failures}  ${r.case.id}`);
      this.shown = true;
      return;
    }
    const word = r.verdict === 'pass' ? 'ok  ' : r.verdict === 'fail' ? 'FAIL' : 'skip';
    const tail = r.verdict === 'fail' ? ` (${this.failed} failed so far)` : '';
    this.write(`${count} ${word} ${r.case.id}${tail}\n`);
  }

  /** Clears the in-place line, if one is showing. */
  finish(): void {
    if (this.shown) this.write('\r\x1b[K');
    this.shown = false;
  }
}
