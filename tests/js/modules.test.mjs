// Every module of the workspace loads on its own (main.js, which starts the page, aside),
// and none grows past the size where it would want splitting.
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import test from "node:test";

const folder = new URL("../../static/js/workspace/", import.meta.url);
const modules = (await readdir(folder)).filter((name) => name.endsWith(".js"));

test("each module's imports resolve", async () => {
  assert.ok(modules.includes("main.js"));
  for (const name of modules.filter((name) => name !== "main.js")) {
    await import(new URL(name, folder));
  }
});

test("no module is longer than about 400 lines", async () => {
  for (const name of modules) {
    const lines = (await readFile(new URL(name, folder), "utf8")).split("\n").length;
    assert.ok(lines <= 400, `${name} has ${lines} lines`);
  }
});
