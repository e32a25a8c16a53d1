import { BerWriter, Control, FilterParser } from "ldapts";

/** BER tag of an OCTET STRING: a control's value. */
const OCTET_STRING = 0x04;

/**
 * The LDAP assertion control (RFC 4528): the server performs the operation only if the entry matches `filter`, and
 * answers 122 (assertionFailed) otherwise. Critical: a server that does not know it must refuse the operation
 * rather than perform it unconditionally. slapd implements it.
 */
export class AssertionControl extends Control {
  static readonly type = "1.3.6.1.1.12";

  constructor(private readonly filter: string) {
    super(AssertionControl.type, { critical: true });
  }

  override writeControl(writer: BerWriter): void {
    const value = new BerWriter();
    FilterParser.parseString(this.filter).write(value);
    writer.writeBuffer(value.buffer, OCTET_STRING);
  }
}
