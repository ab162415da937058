// @ts-check
/**
 * A Stryker ignorer (stryker.config.js): no mutants inside a logger call. What a log line says,
 * and which fields it carries, is for the people reading logs; no behaviour depends on it, and
 * mutating it only produces survivors that a test could kill by asserting the wording. Behaviour
 * that operators rely on is asserted elsewhere: metrics (test/metrics.e2e-spec.ts), the flags and
 * failure reasons stored in the database. Matches `this.logger.<level>(...)`, `this.logger[level](...)` and `logger.<level>(...)`.
 */
const { declareValuePlugin, PluginKind } = require('@stryker-mutator/api/plugin');

const LEVELS = new Set(['log', 'error', 'warn', 'debug', 'verbose', 'fatal', 'info', 'trace']);

/** @param {any} node */
function isLoggerObject(node) {
  if (node.type === 'Identifier') return node.name === 'logger';
  return (
    node.type === 'MemberExpression' &&
    node.object.type === 'ThisExpression' &&
    node.property.type === 'Identifier' &&
    node.property.name === 'logger'
  );
}

const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'logger-calls', {
    shouldIgnore(/** @type {any} */ path) {
      // The statement too: Stryker also mutates `this.logger.warn(...);` by removing the call.
      const node = path.node.type === 'ExpressionStatement' ? path.node.expression : path.node;
      if (
        node.type === 'CallExpression' &&
        node.callee.type === 'MemberExpression' &&
        // `this.logger[level](...)` picks its level at run time: still a log line.
        (node.callee.computed ||
          (node.callee.property.type === 'Identifier' && LEVELS.has(node.callee.property.name))) &&
        isLoggerObject(node.callee.object)
      ) {
        return 'a log line: read by people, no behaviour depends on its wording';
      }
      return undefined;
    },
  }),
];

module.exports = { strykerPlugins };
