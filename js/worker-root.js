// For resolvers that ignore the exports map (Parcel by default): session-credits/worker.
export * from "./dist/worker.js";
