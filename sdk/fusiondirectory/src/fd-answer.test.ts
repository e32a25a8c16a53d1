import test from "ava";
import { describeFdAnswer, isFdSuccess } from "./fd-answer.js";

test("an answer is described by its status and its message, on one line and cut at 200 characters", (t) => {
  t.is(describeFdAnswer({ status: 403, body: { message: "Not allowed\n to modify uid=bob" } }), "FusionDirectory answered HTTP 403: Not allowed to modify uid=bob");
  t.is(describeFdAnswer({ status: 500, body: "Internal error" }), "FusionDirectory answered HTTP 500: Internal error");
  t.is(describeFdAnswer({ status: 502, body: { error: 1 } }), "FusionDirectory answered HTTP 502");
  t.is(describeFdAnswer({ status: 400, body: "x".repeat(300) }), `FusionDirectory answered HTTP 400: ${"x".repeat(199)}…`);
});

test("only 2xx is a success", (t) => {
  t.deepEqual(
    [200, 204, 299, 300, 404, 199].map((status) => isFdSuccess({ status, body: "" })),
    [true, true, true, false, false, false],
  );
});
