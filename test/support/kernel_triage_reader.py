#!/usr/bin/env python3
"""Independent reader of Windows small memory dumps ("PAGEDU64"/"PAGEDUMP", DumpType 4) for tests.

Written from the layout notes (../shared/docs/wer-formats.md section 6; the public DUMP_HEADER64/32 and
TRIAGE_DUMP64/32 layouts), never from the TypeScript reader. Prints one JSON object with the facts
the tests compare: bug check, crash address, drivers, unloaded drivers, scanned stack, culprit.
Usage: kernel_triage_reader.py FILE
"""
import json
import re
import struct
import sys

KERNEL = re.compile(r'^(ntoskrnl|ntkrnlmp|ntkrnlpa|ntkrpamp)\.exe$|^hal[a-z0-9]*\.dll$', re.I)
# Bug check -> (parameter number, 1-based) documented as a code address in the faulting driver.
PARAM = {0x0A: 4, 0x1E: 2, 0x3B: 2, 0x50: 3, 0x7E: 2, 0x8E: 2, 0xC5: 4, 0xCE: 3, 0xD1: 4, 0xD3: 4,
         0xD5: 3, 0xD6: 3, 0x116: 2, 0x117: 2, 0x141: 2}
MACHINES = {0x14C: 'x86', 0x1C4: 'arm', 0x8664: 'amd64', 0xAA64: 'arm64'}
MAX_SCAN = 64


def hx(v):
    return hex(v)


def main(path):
    d = open(path, 'rb').read()
    size = len(d)

    def u16(o):
        return struct.unpack_from('<H', d, o)[0] if o + 2 <= size else None

    def u32(o):
        return struct.unpack_from('<I', d, o)[0] if o + 4 <= size else None

    def u64(o):
        return struct.unpack_from('<Q', d, o)[0] if o + 8 <= size else None

    is64 = d[4:8] == b'DU64'
    ptr = u64 if is64 else u32
    psize = 8 if is64 else 4
    if is64:
        machine, code = u32(0x30), u32(0x38)
        params = [u64(0x40 + 8 * i) for i in range(4)]
        dump_type, ctx, exc, tri = u32(0xF98), 0x348, 0xF00, 0x2000
    else:
        machine, code = u32(0x20), u32(0x28)
        params = [u32(0x2C + 4 * i) for i in range(4)]
        dump_type, ctx, exc, tri = u32(0xF88), 0x320, 0x7D0, 0x1000
    arch = MACHINES.get(machine, 'other')
    out = {'arch': arch, 'is64Bit': is64, 'bugCheckCode': code, 'parameters': [hx(p) for p in params],
           'dumpType': dump_type}

    t = [u32(tri + 4 * i) for i in range(18)]
    (spb, size_of_dump, valid_offset, context_offset, exception_offset, _mm, unloaded_offset, _prcb,
     _process, _thread, stack_offset, stack_size, driver_offset, driver_count, pool_offset, pool_size,
     _broken, _options) = t
    top_of_stack = ptr(tri + 0x48)
    out['sizeOfDump'] = size_of_dump
    out['validOffset'] = valid_offset
    out['complete'] = size >= size_of_dump and d[valid_offset:valid_offset + 4] == b'TRGD'

    c = context_offset or ctx
    if arch == 'amd64':
        ip, sp = u64(c + 0xF8), u64(c + 0x98)
    elif arch == 'arm64':
        ip, sp = u64(c + 0x108), u64(c + 0x100)
    elif arch == 'x86':
        ip, sp = u32(c + 0xB8), u32(c + 0xC4)
    else:
        ip, sp = u32(c + 0x40), u32(c + 0x38)
    out['crashAddress'] = hx(ip) if ip is not None else None
    out['stackPointer'] = hx(sp) if sp is not None else None
    e = exception_offset or exc
    out['exception'] = {'code': '0x%08x' % u32(e), 'address': hx(u64(e + 0x10) if is64 else u32(e + 0xC))}

    # Driver list: entries of 0x90 (x64) / 0x4c (x86) bytes; name = string pool entry
    # (ULONG character count, then UTF-16LE); DllBase, SizeOfImage, TimeDateStamp inside the
    # KLDR_DATA_TABLE_ENTRY copy.
    entry, base_at, size_at, time_at = (0x90, 0x38, 0x48, 0x88) if is64 else (0x4C, 0x1C, 0x24, 0x48)
    drivers = []
    if driver_offset and driver_count <= 4096:
        # A cut file keeps the whole entries before the cut.
        for i in range(min(driver_count, max(0, (size - driver_offset) // entry))):
            e = driver_offset + i * entry
            name_at = u32(e)
            n = u32(name_at) if pool_offset <= name_at < pool_offset + pool_size else None
            if n is not None and name_at + 4 + 2 * n <= min(size, pool_offset + pool_size):
                full = d[name_at + 4:name_at + 4 + 2 * n].decode('utf-16le', 'replace')
            else:
                full = None
            path_ = full if full is not None else '(driver %d: name not in the string pool)' % (i + 1)
            name = re.split(r'[\\/]', full)[-1] if full is not None else path_
            drivers.append({'name': name, 'path': path_, 'base': hx(ptr(e + base_at)),
                            'size': u32(e + size_at), 'timestamp': u32(e + time_at)})
    out['drivers'] = drivers

    # Unloaded drivers: a count (ULONG, padded to 8 bytes on 64-bit), then entries of
    # UNICODE_STRING + WCHAR[12] + start + end.
    unloaded = []
    if unloaded_offset and u32(unloaded_offset) is not None:
        count = u32(unloaded_offset)
        hdr, ent, name_at, s_at, e_at = (8, 56, 16, 40, 48) if is64 else (4, 40, 8, 32, 36)
        for i in range(min(count, 1024)):
            e = unloaded_offset + hdr + i * ent
            if e + ent > size:
                break
            ln = min(u16(e), 24)
            name = d[e + name_at:e + name_at + ln].decode('utf-16le', 'replace').split('\0')[0]
            start, end = ptr(e + s_at), ptr(e + e_at)
            unloaded.append({'name': name, 'base': hx(start), 'size': end - start if 0 < end - start <= 0xFFFFFFFF else 0})
    out['unloadedDrivers'] = unloaded

    ranges = [(int(x['base'], 16), int(x['base'], 16) + x['size'], x['name']) for x in drivers if x['size'] > 0]

    def where(a, rs):
        for b, e, n in rs:
            if b <= a < e:
                return n, a - b
        return None

    def frame(a):
        w = where(a, ranges)
        return {'address': hx(a), 'module': w[0] if w else None, 'offset': hx(w[1]) if w else None}

    stack = [frame(ip)] if ip is not None else []
    stack_size = max(0, min(stack_size, size - stack_offset)) if stack_offset else 0
    if ip is not None and stack_offset and stack_size:
        start = sp - top_of_stack if top_of_stack <= sp < top_of_stack + stack_size else 0
        start -= start % psize
        for o in range(start, stack_size - psize + 1, psize):
            if len(stack) > MAX_SCAN:
                break
            v = ptr(stack_offset + o)
            if where(v, ranges):
                stack.append(frame(v))
    out['stack'] = stack

    cause = None
    at = where(ip, ranges) if ip is not None else None
    if at and not KERNEL.match(at[0]):
        cause = {'driver': at[0], 'address': hx(ip), 'offset': hx(at[1]), 'reason': 'crash-address'}
    if cause is None:
        for f in stack[1:]:
            if f['module'] and not KERNEL.match(f['module']):
                cause = {'driver': f['module'], 'address': f['address'], 'offset': f['offset'], 'reason': 'stack'}
                break
    base_code = code & 0x0FFFFFFF if code & 0xF0000000 == 0x10000000 else code
    if cause is None and base_code in PARAM and params[PARAM[base_code] - 1]:
        v = params[PARAM[base_code] - 1]
        w = where(v, ranges)
        if w and not KERNEL.match(w[0]):
            cause = {'driver': w[0], 'address': hx(v), 'offset': hx(w[1]), 'reason': 'parameter'}
        elif not w:
            u = where(v, [(int(x['base'], 16), int(x['base'], 16) + x['size'], x['name']) for x in unloaded if x['size'] > 0])
            if u:
                cause = {'driver': u[0], 'address': hx(v), 'offset': hx(u[1]), 'reason': 'parameter'}
    if cause is None and at:
        cause = {'driver': at[0], 'address': hx(ip), 'offset': hx(at[1]), 'reason': 'kernel'}
    out['causedBy'] = cause
    json.dump(out, sys.stdout, indent=1)


if __name__ == '__main__':
    main(sys.argv[1])
