// lib/logger: personal data is removed by configuration, whatever level of the object it sits at.
import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger } from '../../lib/logger/index.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, log: createLogger({ level: 'info', destination }) };
}

describe('lib/logger', () => {
  it('redacts names, passport numbers, CPR numbers and addresses at any of the first levels', () => {
    const { lines, log } = capture();
    log.info(
      {
        applicationId: 'IH-2026-000123',
        name: 'Ada Lovelace',
        applicant: { passportNumber: 'X1234567', cprNumber: '010190-1234', address: 'Nørregade 1' },
        case: { family: { spouse: { firstName: 'Bob' } } },
      },
      'case updated',
    );
    const line = lines.join('');
    for (const secret of ['Ada Lovelace', 'X1234567', '010190-1234', 'Nørregade', 'Bob'])
      expect(line).not.to.contain(secret);
    expect(line).to.contain('IH-2026-000123');
    expect(line).to.contain('[redacted]');
  });
});
