// The API's responses, one schema per shape (`ZThing`) and its type (`Thing`): the server's presenters return
// them, /api/openapi.json documents them, the tests check every answer against them, the web app imports them.
export * from "./common";
export * from "./directory";
export * from "./drafts";
export * from "./email";
export * from "./events";
export * from "./inbox";
export * from "./portal";
export * from "./reports";
export * from "./sla";
export * from "./tickets";
export * from "./webhooks";
export * from "./answers";
export * from "./kb";
export * from "./notifications";
export * from "./listening";
export * from "./surveys";
export * from "./privacy";
