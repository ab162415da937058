/**
 * Parses `application/x-www-form-urlencoded` bodies and query strings the way Stripe's API
 * reads them: `a[b][0][c]=v` becomes `{ a: { b: { '0': { c: 'v' } } } }`.
 *
 * Arrays stay objects with index keys here. Whether `metadata[0]` is an array element or a
 * metadata key named "0" depends on the parameter, so turning indexed objects into arrays
 * is the parameter schema's job (see api/params.ts). `a[]=x` appends the next index.
 */
export type FormValue = string | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export class FormParseError extends Error {}

export function parseForm(text: string): FormObject {
  const root: FormObject = Object.create(null) as FormObject;
  if (!text) return root;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    assign(root, splitKey(decode(rawKey)), decode(rawValue));
  }
  return root;
}

/** Browsers encode spaces as `+`; the SDK as `%20`. Both mean a space. */
function decode(component: string): string {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    throw new FormParseError(`Invalid URL encoding: ${component}`);
  }
}

/** `line_items[0][price_data][currency]` -> ['line_items', '0', 'price_data', 'currency']. */
function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open === -1) return [key];
  const parts = [key.slice(0, open)];
  const rest = key.slice(open);
  const segment = /\[([^\]]*)\]/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = segment.exec(rest)) !== null) {
    parts.push(match[1]);
    consumed = segment.lastIndex;
  }
  if (consumed !== rest.length || parts[0] === '') throw new FormParseError(`Invalid parameter name: ${key}`);
  return parts;
}

function assign(root: FormObject, path: string[], value: string): void {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    let part = path[i];
    if (part === '') part = String(Object.keys(node).length);
    // Nodes have no prototype, but parsed values are later copied into plain objects.
    if (part === '__proto__') throw new FormParseError(`Invalid parameter name: ${path.join('.')}`);
    const isLast = i === path.length - 1;
    const existing = node[part];
    if (isLast) {
      if (typeof existing === 'object') throw conflict(path);
      node[part] = value;
      return;
    }
    if (existing === undefined) {
      const child: FormObject = Object.create(null) as FormObject;
      node[part] = child;
      node = child;
    } else if (typeof existing === 'object') {
      node = existing;
    } else {
      throw conflict(path);
    }
  }
}

function conflict(path: string[]): FormParseError {
  return new FormParseError(
    `Invalid parameters: ${path[0]} was given both as a value and as an object (${path.join('][')})`,
  );
}
