/** Server lines for the terminal: pino records at warn level and above, and anything not JSON but its banner. */
export declare function serverLineToShow(line: string): string | null
/** Build lines for the terminal: Taro's ✖ blocks (the error and its code frame), and the recovery after one. */
export declare function buildLineFilter(): (line: string) => string | null
