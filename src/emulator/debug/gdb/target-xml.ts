/**
 * The target description served through qXfer:features:read. It declares only the ARM core
 * feature: r0-r12, sp, lr, pc (regnums 0-15) and cpsr (regnum 25, as gdb's arm-core.xml numbers
 * it), so `g` is 17 registers = 68 bytes and no FPA registers are expected.
 */
const regs = Array.from({ length: 13 }, (_, i) => `  <reg name="r${i}" bitsize="32" type="uint32" regnum="${i}"/>`);

export const TARGET_XML = `<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
<architecture>arm</architecture>
<feature name="org.gnu.gdb.arm.core">
${regs.join('\n')}
  <reg name="sp" bitsize="32" type="data_ptr" regnum="13"/>
  <reg name="lr" bitsize="32" regnum="14"/>
  <reg name="pc" bitsize="32" type="code_ptr" regnum="15"/>
  <reg name="cpsr" bitsize="32" regnum="25"/>
</feature>
</target>
`;
