/**
 * The version of what the parsers produce. A parse result kept across processes (`check --cache-dir`) is
 * keyed by it, so bump it whenever a parser gives a different result for the same file (a new field, a
 * different line, a new problem): results of the old parsers are then never read again.
 * test/unit/parse-store/parser-version.test.ts fails when the output changes and this does not.
 */
export const PARSER_VERSION = 3;
