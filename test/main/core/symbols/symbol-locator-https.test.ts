/**
 * HTTPS symbol servers: a company CA given as PEM is trusted, without it the server is refused
 * (and the refusal is not remembered as a miss), and a redirect may not drop to plain HTTP.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MISSES_FILE } from '../../../../electron/main/core/symbols/miss-cache';
import { createSymbolLocator } from '../../../../electron/main/core/symbols/symbol-locator';
import { parseSymbolPath } from '../../../../electron/main/core/symbols/symbol-path';
import { selfSignedCert } from '../cer/helpers/tls-cert';
import { fakePdb, putFile } from '../../../support/symbol-files';
import { startSymbolServer, type SymbolServer } from '../../../support/symbol-server';

const ID = '0A1B2C3D4E5F60718293A4B5C6D7E8F92';

describe('symbol locator over HTTPS', () => {
  let root: string;
  let secure: SymbolServer;
  let plain: SymbolServer;
  const { key, cert } = selfSignedCert('wer-explorer symbol store');
  const locate = async (cache: string, ca?: string): ReturnType<ReturnType<typeof createSymbolLocator>['locatePdb']> => {
    const l = createSymbolLocator({ elements: parseSymbolPath(`srv*${cache}*${secure.url}`).elements, defaultCache: cache, timeoutMs: 3000, ...(ca ? { ca } : {}) });
    try {
      return await l.locatePdb({ name: 'app.pdb', debugId: ID });
    } finally {
      l.close();
    }
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'wer-symbols-https-'));
    putFile(root, ['store', 'app.pdb', ID, 'app.pdb'], fakePdb(50_000));
    secure = await startSymbolServer(join(root, 'store'), { key, cert });
    plain = await startSymbolServer(join(root, 'store'));
  });
  afterAll(async () => {
    await secure.close();
    await plain.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses the server without the company CA, and does not remember that as a miss', async () => {
    const r = await locate(join(root, 'c1'));
    expect(r).toMatchObject({ kind: 'error', message: expect.stringMatching(/the server's certificate was not accepted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/) });
    expect(existsSync(join(root, 'c1', MISSES_FILE))).toBe(false);
  });

  it('trusts the server with the company CA (PEM)', async () => {
    expect(await locate(join(root, 'c2'), cert)).toMatchObject({ kind: 'found', path: join(root, 'c2', 'app.pdb', ID, 'app.pdb') });
  });

  it('does not follow a redirect from HTTPS to plain HTTP', async () => {
    secure.faults.set(`/store/app.pdb/${ID}/app.pdb`, { kind: 'redirect', location: `${plain.url}/app.pdb/${ID}/app.pdb` });
    const r = await locate(join(root, 'c3'), cert);
    expect(r).toMatchObject({ kind: 'error', message: expect.stringContaining('redirected from HTTPS to plain HTTP') });
    expect(plain.requests).toEqual([]);
  });
});
