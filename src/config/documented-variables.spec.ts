import { getMetadataStorage } from 'class-validator';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EnvironmentVariables } from './environment';

const ROOT = path.resolve(__dirname, '..', '..');
const NAME = /^[A-Z][A-Z0-9_]*$/;

/** Every variable the schema validates: each property carries at least one class-validator decorator. */
function schemaVariables(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(EnvironmentVariables, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))].sort();
}

/** `# NAME=value  # comment` or `NAME=value`: the lines a developer uncomments in `.env`. */
function envExampleVariables(): string[] {
  const text = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
  return [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]).sort();
}

/** The first cell of each row of the table in the README's "## Configuration" section. */
function readmeTableVariables(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = /^## Configuration\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([^`]+)`/g)].map((match) => match[1]))
    .sort();
}

describe('configuration documentation', () => {
  it('should find the variables of the schema', () => {
    const variables = schemaVariables();
    expect(variables).toEqual(expect.arrayContaining(['DATABASE_URL', 'JWT_SECRET', 'LOG_FORMAT', 'TRUST_PROXY']));
    expect(variables.every((name) => NAME.test(name))).toBe(true);
  });

  it('should list every variable of the schema in .env.example, once, and nothing else', () => {
    const documented = envExampleVariables();
    expect(documented).toEqual([...new Set(documented)]);
    expect(documented).toEqual(schemaVariables());
  });

  it("should list every variable of the schema in the README's configuration table, once, and nothing else", () => {
    const documented = readmeTableVariables();
    expect(documented).toEqual([...new Set(documented)]);
    expect(documented).toEqual(schemaVariables());
  });
});
