#!/usr/bin/env python3
"""Independent reader of x64 complete (DumpType 1) and bitmap (DumpType 5) kernel dumps for tests.

Written from the layout notes (DUMP_HEADER64 with its PHYSICAL_MEMORY_DESCRIPTOR at 0x88, the
"SDMP"/"FDMP" bitmap header after the 8 KiB header, x64 four-level paging, KLDR_DATA_TABLE_ENTRY),
never from the TypeScript reader. Reads with seek/read only (the files can be many GB).
Prints JSON: crashAddress, drivers, stack (scan), causedBy.  Usage: kernel_memory_reader.py FILE
"""
import json
import os
import re
import struct
import sys

from kernel_triage_reader import KERNEL, MAX_SCAN, PARAM

MASK = 0x000FFFFFFFFFF000


def main(path):
    f = open(path, 'rb')
    size = os.fstat(f.fileno()).st_size

    def at(offset, n):
        f.seek(offset)
        return f.read(n)

    h = at(0, 0x2000)
    dump_type = struct.unpack_from('<I', h, 0xF98)[0]
    cr3, _pfn, list_head = struct.unpack_from('<QQQ', h, 0x10)
    code = struct.unpack_from('<I', h, 0x38)[0]
    params = struct.unpack_from('<4Q', h, 0x40)
    sp = struct.unpack_from('<Q', h, 0x348 + 0x98)[0]
    ip = struct.unpack_from('<Q', h, 0x348 + 0xF8)[0]

    if dump_type == 1:
        nruns = struct.unpack_from('<I', h, 0x88)[0]
        runs, off = [], 0x2000
        for i in range(nruns):
            base, count = struct.unpack_from('<QQ', h, 0x98 + 16 * i)
            runs.append((base, count, off))
            off += count * 0x1000

        def page_offset(pfn):
            for base, count, o in runs:
                if base <= pfn < base + count:
                    return o + (pfn - base) * 0x1000
            return None
    else:
        b = at(0x2000, 0x38)
        first, _present, pages = struct.unpack_from('<QQQ', b, 0x20)
        bitmap = at(0x2038, (pages + 7) // 8)

        def page_offset(pfn):
            if pfn >= pages or not (bitmap[pfn >> 3] >> (pfn & 7)) & 1:
                return None
            before = sum(bin(x).count('1') for x in bitmap[:pfn >> 3]) + bin(bitmap[pfn >> 3] & ((1 << (pfn & 7)) - 1)).count('1')
            return first + before * 0x1000

    def phys(pa, n):
        o = page_offset(pa >> 12)
        if o is None or o + 0x1000 > size:
            return None
        return at(o + (pa & 0xFFF), n)

    def translate(va):
        table = cr3 & MASK
        for level, shift in enumerate((39, 30, 21, 12)):
            raw = phys(table + ((va >> shift) & 0x1FF) * 8, 8)
            if raw is None:
                return None
            e = struct.unpack('<Q', raw)[0]
            if not e & 1:
                return None
            if level in (1, 2) and e & 0x80:
                span = 1 << shift
                return (e & MASK & ~(span - 1)) | (va & (span - 1))
            table = e & MASK
        return table | (va & 0xFFF)

    def virt(va, n):
        out = b''
        while len(out) < n:
            pa = translate(va + len(out))
            if pa is None:
                return None
            k = min(n - len(out), 0x1000 - (pa & 0xFFF))
            chunk = phys(pa, k)
            if chunk is None:
                return None
            out += chunk
        return out

    drivers = []
    head = virt(list_head, 16)
    nxt = struct.unpack_from('<Q', head, 0)[0] if head else list_head
    seen = {list_head}
    while nxt != list_head and nxt not in seen and len(drivers) < 4096:
        seen.add(nxt)
        e = virt(nxt, 0x88)
        if e is None:
            break
        base, = struct.unpack_from('<Q', e, 0x30)
        sz, = struct.unpack_from('<I', e, 0x40)
        name = None
        for us in (0x48, 0x58):
            ln, = struct.unpack_from('<H', e, us)
            buf, = struct.unpack_from('<Q', e, us + 8)
            raw = virt(buf, min(ln, 2048) & ~1) if ln and buf else None
            if raw is not None:
                name = raw.decode('utf-16le', 'replace')
                break
        shown = name if name is not None else '(driver %d: name not in the dump)' % (len(drivers) + 1)
        drivers.append({'name': re.split(r'[\\/]', name)[-1] if name is not None else shown, 'path': shown,
                        'base': hex(base), 'size': sz, 'timestamp': struct.unpack_from('<I', e, 0x80)[0]})
        nxt, = struct.unpack_from('<Q', e, 0)

    ranges = [(int(d['base'], 16), int(d['base'], 16) + d['size'], d['name']) for d in drivers if d['size'] > 0]

    def where(a):
        for b, e, n in ranges:
            if b <= a < e:
                return n, a - b
        return None

    def frame(a):
        w = where(a)
        return {'address': hex(a), 'module': w[0] if w else None, 'offset': hex(w[1]) if w else None}

    # The stack: 16 KiB from the stack pointer, page by page, up to the first page not in the dump.
    stack_bytes, va = b'', sp
    while len(stack_bytes) < 0x4000:
        k = min(0x4000 - len(stack_bytes), 0x1000 - (va & 0xFFF))
        chunk = virt(va, k)
        if chunk is None:
            break
        stack_bytes += chunk
        va += k
    stack = [frame(ip)]
    for o in range(0, len(stack_bytes) - 7, 8):
        if len(stack) > MAX_SCAN:
            break
        v, = struct.unpack_from('<Q', stack_bytes, o)
        if where(v):
            stack.append(frame(v))

    cause = None
    w = where(ip)
    if w and not KERNEL.match(w[0]):
        cause = {'driver': w[0], 'address': hex(ip), 'offset': hex(w[1]), 'reason': 'crash-address'}
    if cause is None:
        for fr in stack[1:]:
            if fr['module'] and not KERNEL.match(fr['module']):
                cause = {'driver': fr['module'], 'address': fr['address'], 'offset': fr['offset'], 'reason': 'stack'}
                break
    base_code = code & 0x0FFFFFFF if code & 0xF0000000 == 0x10000000 else code
    if cause is None and base_code in PARAM and params[PARAM[base_code] - 1]:
        v = params[PARAM[base_code] - 1]
        p = where(v)
        if p and not KERNEL.match(p[0]):
            cause = {'driver': p[0], 'address': hex(v), 'offset': hex(p[1]), 'reason': 'parameter'}
    if cause is None and w:
        cause = {'driver': w[0], 'address': hex(ip), 'offset': hex(w[1]), 'reason': 'kernel'}
    json.dump({'crashAddress': hex(ip), 'drivers': drivers, 'stack': stack, 'causedBy': cause}, sys.stdout, indent=1)


if __name__ == '__main__':
    main(sys.argv[1])
