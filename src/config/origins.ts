import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * An origin as browsers send it in the `Origin` header (scheme, host, port; no path), normalised
 * the way they write it (`https://Shop.example:443/` is `https://shop.example`). Undefined for
 * anything else.
 */
export function parseOrigin(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  const webScheme = url.protocol === 'http:' || url.protocol === 'https:';
  const nothingButOrigin = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  return webScheme && nothingButOrigin ? url.origin : undefined;
}

/** The comma-separated origins, or undefined when one of them is not an origin. */
export function parseOriginList(text: string): string[] | undefined {
  const origins = text.split(',').map(parseOrigin);
  return origins.every((origin) => origin !== undefined) ? [...new Set(origins)] : undefined;
}

/** A string of comma-separated origins (see parseOrigin). */
export function IsOriginList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOriginList',
      validator: { validate: (value: unknown) => typeof value === 'string' && parseOriginList(value) !== undefined },
    },
    options,
  );
}
