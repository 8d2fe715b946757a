/** The shape of a text tree with its strings as plain strings: another language's texts must have these keys. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
