export declare const HEAP_MB: number;
export declare const SERVER_ARGS: string[];
