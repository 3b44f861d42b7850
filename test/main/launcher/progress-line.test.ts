import { describeProgress, progressLine } from '../../../electron/launcher/progress-line';

const MB = 1_048_576;

describe('describeProgress', () => {
  it('gives the percentage of a known size, else the bytes so far', () => {
    expect(describeProgress({ transferred: 45 * MB, total: 100 * MB })).toBe('45% of 100 MB');
    expect(describeProgress({ transferred: 3.25 * MB, total: null })).toBe('3.3 MB');
    expect(describeProgress({ transferred: 36 * MB, total: 0 })).toBe('36 MB');
  });
});

describe('progressLine', () => {
  it('redraws one terminal line in place, at most four times a second, and ends it', () => {
    let text = '';
    let now = 0;
    const line = progressLine({ write: (t) => (text += t), isTTY: true }, 'Downloading', () => now);
    line.begin();
    now = 1000;
    line.update({ transferred: 10 * MB, total: 100 * MB });
    now = 1100;
    line.update({ transferred: 20 * MB, total: 100 * MB });
    now = 1300;
    line.update({ transferred: 30 * MB, total: 100 * MB });
    line.done('done');
    expect(text).toBe('Downloading...\rDownloading: 10% of 100 MB   \rDownloading: 30% of 100 MB   \rDownloading: done   \n');
  });

  it('prints a line per quarter into a log, never one per chunk', () => {
    const lines: string[] = [];
    const line = progressLine({ write: (t) => lines.push(t), isTTY: false }, 'Downloading');
    line.begin();
    for (let mb = 0; mb <= 100; mb += 5) line.update({ transferred: mb * MB, total: 100 * MB });
    line.done('done');
    expect(lines).toEqual([
      'Downloading...\n',
      'Downloading: 0% of 100 MB\n',
      'Downloading: 25% of 100 MB\n',
      'Downloading: 50% of 100 MB\n',
      'Downloading: 75% of 100 MB\n',
      'Downloading: done\n',
    ]);
  });
});
