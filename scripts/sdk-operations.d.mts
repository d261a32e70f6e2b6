// Types of sdk-operations.mjs for the TypeScript tests that import it.
import type { Shape } from '../sdk/shape'

/** The banner every generated file starts with. */
export declare const banner: string
/** The shape descriptor of a JSON schema; `$ref` names are added to `named`; throws on what the client cannot check. */
export declare function shapeOf(schema: unknown, named: Set<string>, where: string): Shape
/** JavaScript source for a generated value: JSON, except that RegExps stay RegExp literals. */
export declare function render(value: unknown): string
/** The text of sdk/operations.gen.ts for a parsed spec. */
export declare function renderOperations(spec: unknown): string
