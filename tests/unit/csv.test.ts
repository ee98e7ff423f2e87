// The one CSV writer: RFC 4180 quoting and spreadsheet-formula neutralisation.
import { describe, expect, it } from "vitest";
import { csvCell, csvDocument, csvRow, looksLikeFormula } from "../../lib/format/csv";

describe("csv cells", () => {
  it("neutralises every text a spreadsheet would run as a formula", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
    for (const text of ["=", "+", "-", "@", "\t", "\r"]) expect(looksLikeFormula(`${text}x`)).toBe(true);
  });

  it("leaves ordinary text, numbers and dates as they are", () => {
    expect(csvCell("Moscow")).toBe("Moscow");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell(" =1")).toBe(" =1");
    expect(csvCell(-0.25)).toBe("-0.25");
    expect(csvCell(12389)).toBe("12389");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(new Date("2026-02-11T00:00:00Z"))).toBe("2026-02-11T00:00:00.000Z");
  });

  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
  });
});

describe("csv rows and documents", () => {
  it("ends rows with CRLF and keeps column order", () => {
    expect(csvRow(["x", 1, null])).toBe("x,1,\r\n");
    const doc = csvDocument(["region", "count"] as const, [{ region: "=cmd|' /C calc'!A0", count: 3 }, { region: "Tver", count: -1 }]);
    expect(doc).toBe(`region,count\r\n'=cmd|' /C calc'!A0,3\r\nTver,-1\r\n`);
  });
});

describe("aggregation CSV", () => {
  it("writes volunteer-chosen regions through the one writer", async () => {
    const { aggregationCsv } = await import("../../lib/api/aggregation-result");
    const csv = aggregationCsv({ v: 0, dimension_count: 1, result: [{ region: "=1+1", measurement_count: 4 }, { region: "-Tver", measurement_count: -0 }] });
    expect(csv).toBe("region,measurement_count\r\n'=1+1,4\r\n'-Tver,0\r\n");
  });
});
