/**
 * Which bug-check parameter holds a code address that names the driver at fault, per stop code,
 * from Microsoft's bug check reference pages (learn.microsoft.com, "Bug Check 0x…"). Only
 * parameters documented as an instruction address (or a pointer into the responsible driver)
 * are listed; the 0x10000000 "with parameters" forms use their base code's entry.
 *
 * Left out on purpose: 0xBE and 0xFC (parameter 1 is the data / target address, not the code
 * that touched it), 0xC2 and 0xC4 (pool and verifier sub-codes), 0x139 (trap frame and exception
 * record pointers), 0x9F and 0xEA (IRP / thread objects): their parameters name no driver.
 */

/** One documented parameter: its number (1-4) and what the reference says it holds. */
export interface DriverParameter {
  readonly parameter: 1 | 2 | 3 | 4;
  readonly meaning: string;
}

/** Stop code → the parameter that holds an address inside the faulting driver. */
export const DRIVER_PARAMETERS: ReadonlyMap<number, DriverParameter> = new Map<number, DriverParameter>([
  [0x0a, { parameter: 4, meaning: 'the address that referenced memory' }],
  [0x1e, { parameter: 2, meaning: 'the address where the exception occurred' }],
  [0x3b, { parameter: 2, meaning: 'the address of the instruction that caused the exception' }],
  [0x50, { parameter: 3, meaning: 'the address of the instruction that referenced memory' }],
  [0x7e, { parameter: 2, meaning: 'the address where the exception occurred' }],
  [0x8e, { parameter: 2, meaning: 'the address where the exception occurred' }],
  [0xc5, { parameter: 4, meaning: 'the address that referenced memory' }],
  [0xce, { parameter: 3, meaning: 'the address that referenced memory (in a driver that has unloaded)' }],
  [0xd1, { parameter: 4, meaning: 'the address that referenced memory' }],
  [0xd3, { parameter: 4, meaning: 'the address that referenced memory' }],
  [0xd5, { parameter: 3, meaning: 'the address of the code that referenced memory' }],
  [0xd6, { parameter: 3, meaning: 'the address of the code that referenced memory' }],
  [0x116, { parameter: 2, meaning: 'a pointer into the responsible device driver module' }],
  [0x117, { parameter: 2, meaning: 'a pointer into the responsible device driver module' }],
  [0x141, { parameter: 2, meaning: 'a pointer into the responsible device driver module' }],
]);

/** The documented driver parameter of a stop code (the 0x1000xxxx form maps to its base). */
export function driverParameterOf(code: number): DriverParameter | null {
  const base = (code & 0xf0000000) === 0x10000000 ? code & 0x0fffffff : code;
  return DRIVER_PARAMETERS.get(base) ?? null;
}
