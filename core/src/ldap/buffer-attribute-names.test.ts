import test from "ava";
import { bufferAttributeNames } from "./buffer-attribute-names.js";

test("includes() ignores case, as the server's spelling may differ from the request", (t) => {
  const names = bufferAttributeNames(["jpegphoto", "fdMailAttachmentsContent"]);
  t.true(names.includes("jpegPhoto"));
  t.true(names.includes("FDMAILATTACHMENTSCONTENT"));
  t.false(names.includes("cn"));
});

test("includes() ignores attribute options such as ;binary", (t) => {
  const names = bufferAttributeNames(["userCertificate"]);
  t.true(names.includes("userCertificate;binary"));
  t.false(names.includes("userCertificateX"));
});

test("is still an array of the names", (t) => {
  const names = bufferAttributeNames(["A", "b"]);
  t.true(Array.isArray(names));
  t.deepEqual([...names], ["a", "b"]);
});
