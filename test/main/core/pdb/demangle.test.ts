/**
 * Name display: decorated C++ names go through the demangler (the gecko-profiler-demangle
 * WebAssembly module, loaded synchronously in plain CommonJS), plain C names are never touched,
 * and x86 C names lose their calling-convention decoration as debuggers show them.
 */
import { demangle, demanglerProblem, isDecorated, undecorateX86CName } from '../../../../electron/main/core/pdb/demangle';

describe('demangle', () => {
  it.each([
    ['?foo@@YAXH@Z', 'foo(int)'],
    ['?area@Shape@geo@@QEBAHXZ', 'geo::Shape::area(void)'],
    ['??$add@H@geo@@YAHHH@Z', 'geo::add<int>(int, int)'],
    ['??1Foo@@UEAA@XZ', 'Foo::~Foo(void)'],
    ['_ZN3geo5Shape4areaEv', 'geo::Shape::area()'],
    ['_ZNK3app4Impl3runEi', 'app::Impl::run(int) const'],
  ])('%s → %s', (decorated, plain) => {
    expect(demangle(decorated)).toBe(plain);
    expect(demanglerProblem()).toBeNull();
  });

  it.each(['main', '_start', '__security_check_cookie', 'mainCRTStartup', 'c_entry', '', '?', '??', '_Z', '?not@valid'])('leaves %p as it is', (name) => {
    expect(demangle(name)).toBe(name);
  });

  it('tells decorated names from plain ones', () => {
    expect(['?f@@YAXXZ', '_ZN1a1bEv', '_RNvC1a1b'].every(isDecorated)).toBe(true);
    expect(['main', 'foo_bar', '_start', 'Z'].some(isDecorated)).toBe(false);
  });

  it('is synchronous and fast enough for a stack (10,000 names well under a second)', () => {
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) demangle(`?f${i}@ns@@YAXH@Z`);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('survives a huge name', () => {
    const name = '?' + 'A'.repeat(100_000);
    expect(demangle(name)).toBe(name);
  });
});

describe('undecorateX86CName', () => {
  it.each([
    ['_main', 'main'],
    ['_WinMain@16', 'WinMain'],
    ['@fast@8', 'fast'],
    ['vector@@16', 'vector'],
    ['plain', 'plain'],
    ['_', '_'],
    ['?cpp@@YAXXZ', '?cpp@@YAXXZ'],
  ])('%s → %s', (decorated, plain) => {
    expect(undecorateX86CName(decorated)).toBe(plain);
  });
});
