import { MultiMap } from '../../../../electron/main/core/library/multi-map';

describe('MultiMap', () => {
  it('holds one or several values per key, each once, and forgets a key with none', () => {
    const m = new MultiMap();
    expect([...m.get('id')]).toEqual([]);
    m.add('id', 'a');
    m.add('id', 'a');
    expect([...m.get('id')]).toEqual(['a']);
    m.add('id', 'b');
    m.add('id', 'c');
    expect([...m.get('id')].sort()).toEqual(['a', 'b', 'c']);
    m.delete('id', 'b');
    m.delete('id', 'x');
    expect([...m.get('id')].sort()).toEqual(['a', 'c']);
    m.delete('id', 'a');
    expect([...m.get('id')]).toEqual(['c']);
    m.delete('id', 'a');
    expect([...m.get('id')]).toEqual(['c']);
    m.delete('id', 'c');
    expect([...m.get('id')]).toEqual([]);
    m.add('other', 'z');
    m.clear();
    expect([...m.get('other')]).toEqual([]);
  });
});
