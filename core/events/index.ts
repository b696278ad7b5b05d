export * from "./api";
export * from "./decode";
export * from "./download";
export * from "./order";
