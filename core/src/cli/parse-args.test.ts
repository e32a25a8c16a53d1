import test from "ava";
import { parseArgs } from "./parse-args.js";

test("start is the default command and --config takes a file", (t) => {
  t.deepEqual(parseArgs([]), { command: "start", configFile: undefined });
  t.deepEqual(parseArgs(["--config", "/etc/x.conf"]), { command: "start", configFile: "/etc/x.conf" });
  t.deepEqual(parseArgs(["check-config", "--config=/tmp/o.conf"]), { command: "check-config", configFile: "/tmp/o.conf" });
  t.deepEqual(parseArgs(["demo"]), { command: "demo", configFile: undefined });
  t.is(parseArgs(["--help"]).command, "help");
});

test("anything unexpected is a usage error", (t) => {
  t.throws(() => parseArgs(["--config"]), { message: /--config needs a file name/ });
  t.throws(() => parseArgs(["--config", "--verbose"]), { message: /needs a file name/ });
  t.throws(() => parseArgs(["--port", "80"]), { message: /unexpected argument --port/ });
  t.throws(() => parseArgs(["start", "demo"]), { message: /unexpected argument demo/ });
});
