// For resolvers that ignore the exports map (Parcel by default): session-credits/init.
export * from "./dist/init.js";
export { default } from "./dist/init.js";
