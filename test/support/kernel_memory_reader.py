#!/usr/bin/env python3
"""Independent reader of complete (DumpType 1) and bitmap (DumpType 2, 5) kernel dumps for tests.

Written from the layout notes, never from the TypeScript reader:
- DUMP_HEADER64 ("PAGEDU64", 8 KiB): DirectoryTableBase 0x10, PsLoadedModuleList 0x20, machine 0x30,
  bug check 0x38 / 0x40.., PHYSICAL_MEMORY_DESCRIPTOR64 at 0x88, CONTEXT at 0x348, DumpType 0xf98;
- DUMP_HEADER32 ("PAGEDUMP", 4 KiB, mindumpdef.h): DirectoryTableBase 0x10, PsLoadedModuleList 0x18,
  machine 0x20, bug check 0x28 / 0x2c.., PaeEnabled 0x5c, PHYSICAL_MEMORY_DESCRIPTOR32 at 0x64,
  CONTEXT at 0x320, DumpType 0xf88;
- after the header: BITMAP_DUMP ("SDMP"/"FDMP" + "DUMP"; u64 first page 0x20, present 0x28, bits
  0x30, bitmap 0x38) or, in a 32-bit kernel summary dump (DumpType 2), SUMMARY_DUMP32 (u32 HeaderSize
  0xc, BitmapSize 0x10, Pages 0x14, bitmap 0x20);
- paging: x64 (Intel SDM 4.5), x86 32-bit (4.3: 4 MiB PS pages) and PAE (4.4: 32-byte aligned PDPT,
  2 MiB PS pages), arm64 VMSAv8-64 4 KiB granule (levels 0-3, block descriptors at levels 1-2);
- KLDR_DATA_TABLE_ENTRY: 64-bit DllBase 0x30, SizeOfImage 0x40, FullDllName 0x48, BaseDllName 0x58,
  TimeDateStamp 0x80; 32-bit 0x18, 0x20, 0x24, 0x2c, 0x44.
Reads with seek/read only (the files can be many GB).
Prints JSON: crashAddress, drivers, stack (scan), causedBy.  Usage: kernel_memory_reader.py FILE
"""
import json
import os
import re
import struct
import sys

from kernel_triage_reader import KERNEL, MAX_SCAN, PARAM

X64_MASK = 0x000FFFFFFFFFF000
ARM64_MASK = 0x0000FFFFFFFFF000


def main(path):
    f = open(path, 'rb')
    size = os.fstat(f.fileno()).st_size

    def at(offset, n):
        f.seek(offset)
        return f.read(n)

    is64 = at(4, 4) == b'DU64'
    hsize = 0x2000 if is64 else 0x1000
    h = at(0, hsize)
    if is64:
        P, psize = '<Q', 8
        cr3, list_head = struct.unpack_from('<Q', h, 0x10)[0], struct.unpack_from('<Q', h, 0x20)[0]
        machine = struct.unpack_from('<I', h, 0x30)[0]
        code = struct.unpack_from('<I', h, 0x38)[0]
        params = struct.unpack_from('<4Q', h, 0x40)
        dump_type = struct.unpack_from('<I', h, 0xF98)[0]
        if machine == 0xAA64:
            sp, ip = struct.unpack_from('<QQ', h, 0x348 + 0x100)
        else:
            sp = struct.unpack_from('<Q', h, 0x348 + 0x98)[0]
            ip = struct.unpack_from('<Q', h, 0x348 + 0xF8)[0]
    else:
        P, psize = '<I', 4
        cr3, list_head = struct.unpack_from('<I', h, 0x10)[0], struct.unpack_from('<I', h, 0x18)[0]
        machine = struct.unpack_from('<I', h, 0x20)[0]
        code = struct.unpack_from('<I', h, 0x28)[0]
        params = struct.unpack_from('<4I', h, 0x2C)
        dump_type = struct.unpack_from('<I', h, 0xF88)[0]
        pae = h[0x5C]
        ip = struct.unpack_from('<I', h, 0x320 + 0xB8)[0]
        sp = struct.unpack_from('<I', h, 0x320 + 0xC4)[0]

    if dump_type == 1:
        runs, off = [], hsize
        if is64:
            nruns = struct.unpack_from('<I', h, 0x88)[0]
            pairs = [struct.unpack_from('<QQ', h, 0x98 + 16 * i) for i in range(nruns)]
        else:
            nruns = struct.unpack_from('<I', h, 0x64)[0]
            pairs = [struct.unpack_from('<II', h, 0x6C + 8 * i) for i in range(nruns)]
        for base, count in pairs:
            runs.append((base, count, off))
            off += count * 0x1000

        def page_offset(pfn):
            for base, count, o in runs:
                if base <= pfn < base + count:
                    return o + (pfn - base) * 0x1000
            return None
    else:
        if not is64 and dump_type == 2:
            b = at(hsize, 0x20)
            first, pages, _present = struct.unpack_from('<III', b, 0xC)
            bits_at = hsize + 0x20
        else:
            b = at(hsize, 0x38)
            first, _present, pages = struct.unpack_from('<QQQ', b, 0x20)
            bits_at = hsize + 0x38
        bitmap = at(bits_at, (pages + 7) // 8)

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

    def entry(pa, width):
        raw = phys(pa, width)
        return None if raw is None else int.from_bytes(raw, 'little')

    def translate_x64(va):
        table = cr3 & X64_MASK
        for level, shift in enumerate((39, 30, 21, 12)):
            e = entry(table + ((va >> shift) & 0x1FF) * 8, 8)
            if e is None or not e & 1:
                return None
            if level in (1, 2) and e & 0x80:
                span = 1 << shift
                return (e & X64_MASK & ~(span - 1)) | (va & (span - 1))
            table = e & X64_MASK
        return table | (va & 0xFFF)

    def translate_arm64(va):
        table = cr3 & ARM64_MASK
        for level, shift in enumerate((39, 30, 21, 12)):
            e = entry(table + ((va >> shift) & 0x1FF) * 8, 8)
            if e is None or not e & 1:
                return None
            if not e & 2:
                if level not in (1, 2):
                    return None
                span = 1 << shift
                return (e & ARM64_MASK & ~(span - 1)) | (va & (span - 1))
            table = e & ARM64_MASK
        return table | (va & 0xFFF)

    def translate_x86(va):
        if va >> 32:
            return None
        pde = entry((cr3 & 0xFFFFF000) + (va >> 22) * 4, 4)
        if pde is None or not pde & 1:
            return None
        if pde & 0x80:
            return (pde & 0xFFC00000) | (((pde >> 13) & 0xFF) << 32) | (va & 0x3FFFFF)
        pte = entry((pde & 0xFFFFF000) + ((va >> 12) & 0x3FF) * 4, 4)
        if pte is None or not pte & 1:
            return None
        return (pte & 0xFFFFF000) | (va & 0xFFF)

    def translate_pae(va):
        if va >> 32:
            return None
        pdpte = entry((cr3 & 0xFFFFFFE0) + (va >> 30) * 8, 8)
        if pdpte is None or not pdpte & 1:
            return None
        pde = entry((pdpte & X64_MASK) + ((va >> 21) & 0x1FF) * 8, 8)
        if pde is None or not pde & 1:
            return None
        if pde & 0x80:
            return (pde & 0x000FFFFFFFE00000) | (va & 0x1FFFFF)
        pte = entry((pde & X64_MASK) + ((va >> 12) & 0x1FF) * 8, 8)
        if pte is None or not pte & 1:
            return None
        return (pte & X64_MASK) | (va & 0xFFF)

    if is64:
        translate = translate_arm64 if machine == 0xAA64 else translate_x64
    else:
        translate = translate_pae if pae == 1 else translate_x86

    def virt(va, n):
        out = b''
        while len(out) < n:
            pa = translate((va + len(out)) & 0xFFFFFFFFFFFFFFFF)
            if pa is None:
                return None
            k = min(n - len(out), 0x1000 - (pa & 0xFFF))
            chunk = phys(pa, k)
            if chunk is None:
                return None
            out += chunk
        return out

    def ptr(buf, o):
        return struct.unpack_from(P, buf, o)[0]

    if is64:
        kl = {'bytes': 0x88, 'base': 0x30, 'size': 0x40, 'names': (0x48, 0x58), 'buf': 8, 'ts': 0x80}
    else:
        kl = {'bytes': 0x48, 'base': 0x18, 'size': 0x20, 'names': (0x24, 0x2C), 'buf': 4, 'ts': 0x44}
    drivers = []
    head = virt(list_head, 2 * psize)
    nxt = ptr(head, 0) if head else list_head
    seen = {list_head}
    while nxt != list_head and nxt not in seen and len(drivers) < 4096:
        seen.add(nxt)
        e = virt(nxt, kl['bytes'])
        if e is None:
            break
        base = ptr(e, kl['base'])
        sz, = struct.unpack_from('<I', e, kl['size'])
        name = None
        for us in kl['names']:
            ln, = struct.unpack_from('<H', e, us)
            buf = ptr(e, us + kl['buf'])
            raw = virt(buf, min(ln, 2048) & ~1) if ln and buf else None
            if raw is not None:
                name = raw.decode('utf-16le', 'replace')
                break
        shown = name if name is not None else '(driver %d: name not in the dump)' % (len(drivers) + 1)
        drivers.append({'name': re.split(r'[\\/]', name)[-1] if name is not None else shown, 'path': shown,
                        'base': hex(base), 'size': sz, 'timestamp': struct.unpack_from('<I', e, kl['ts'])[0]})
        nxt = ptr(e, 0)

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
    for o in range(0, len(stack_bytes) - psize + 1, psize):
        if len(stack) > MAX_SCAN:
            break
        v = ptr(stack_bytes, o)
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
