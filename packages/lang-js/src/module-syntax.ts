/**
 * `grep -E` pattern of a line starting with a static `import ...` or `export ...`: such code is
 * an ES module. Node 18 cannot detect module syntax in a file by itself, so the plugins choose
 * how to run the code from this (a line inside a template literal can fool it).
 */
export const ESM_LINE = `^[[:space:]]*(import[[:space:]]*[{*"'\\'']|import[[:space:]]+[A-Za-z_$]|export[[:space:]])`;

/** Shell condition: the file (already quoted) holds ES module syntax. */
export const isEsModule = (quotedFile: string): string => `grep -Eq '${ESM_LINE}' ${quotedFile}`;
