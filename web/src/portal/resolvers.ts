import type { FieldValues, Resolver } from "react-hook-form";

// react-hook-form resolvers whose zod schemas (schemas.ts) load with the first validation, or when a form asks
// for them ahead (`preload`, once it is shown): zod and the shared schemas are a quarter of what the web form
// would otherwise load before showing.
type Schemas = typeof import("./schemas");
let loading: Promise<Schemas> | null = null;
export const preloadSchemas = () => (loading ??= import("./schemas"));

export function lazyResolver<V extends FieldValues>(name: keyof Schemas): Resolver<V> {
  return async (values, context, options) => {
    const resolver = (await preloadSchemas())[name] as unknown as Resolver<V>;
    return resolver(values, context, options);
  };
}
