// Preload (`node --require`) for the Windows lane: Wine always gives Windows programs a PATH of its
// own, so the test removes it inside Node to prove that store discovery does not depend on it.
// Windows environment names are case-insensitive: this also removes `Path`.
delete process.env.PATH;
