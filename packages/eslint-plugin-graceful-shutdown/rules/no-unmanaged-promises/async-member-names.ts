/**
 * Names that may be async methods / async properties in this file, from its text (a cheap superset:
 * `async name(`, `name: async`, `name = async`), so member calls of other names skip name resolution.
 */
export function asyncMemberNamesIn(text: string): Set<string> {
  const names = new Set<string>();
  const isNameChar = (code: number): boolean =>
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 36 ||
    code === 95 ||
    code > 127;
  const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;
  for (let at = text.indexOf('async'); at !== -1; at = text.indexOf('async', at + 5)) {
    if (isNameChar(text.charCodeAt(at - 1)) || isNameChar(text.charCodeAt(at + 5))) continue;
    // `async name(`, `async *name(`, `async #name<T>(`
    let i = at + 5;
    while (isSpace(text.charCodeAt(i))) i++;
    if (text[i] === '*') for (i++; isSpace(text.charCodeAt(i));) i++;
    if (text[i] === '#') i++;
    const start = i;
    while (isNameChar(text.charCodeAt(i))) i++;
    while (isSpace(text.charCodeAt(i))) i++;
    if (i > start && (text[i] === '(' || text[i] === '<')) names.add(text.slice(start, i).trim());
    // `name: async`, `name = async`, `'name': async`
    let j = at - 1;
    while (j >= 0 && isSpace(text.charCodeAt(j))) j--;
    if (text[j] !== ':' && text[j] !== '=') continue;
    for (j--; j >= 0 && isSpace(text.charCodeAt(j));) j--;
    if (text[j] === '"' || text[j] === "'") j--;
    const end = j + 1;
    while (j >= 0 && isNameChar(text.charCodeAt(j))) j--;
    if (end > j + 1) names.add(text.slice(j + 1, end));
  }
  return names;
}
