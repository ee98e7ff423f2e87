// The colour map (lib/present/colors.ts) under the three dichromacies: every pair of
// verdict colours stays perceptually apart (CIEDE2000 after Machado et al. 2009's
// simulation), in light and dark; text and legend colours meet WCAG AA on their backgrounds.
import { describe, expect, it } from "vitest";
import { CHART_CLASSES, CLASS_MARKS, PALETTES } from "../../lib/present/colors";
import { ciede2000, contrastRatio, distanceSeenBy, parseHex, simulate, toLab } from "../../lib/present/vision";

/** CIEDE2000 of about 2.3 is just noticeable; 10 is plainly different at a glance, in a small legend swatch. */
const MIN_DISTANCE = 10;
const VISIONS = ["normal", "protanopia", "deuteranopia", "tritanopia"] as const;

describe("colour science", () => {
  it("reproduces published CIEDE2000 values (Sharma, Wu and Dalal 2005)", () => {
    expect(ciede2000([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(2.0425, 3);
    expect(ciede2000([50, 2.5, 0], [73, 25, -18])).toBeCloseTo(27.1492, 3);
    expect(ciede2000([2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514])).toBeCloseTo(0.9082, 3);
  });

  it("leaves greys alone and confuses red with green under deuteranopia", () => {
    const grey = simulate(parseHex("#808080"), "deuteranopia");
    expect(grey.map(Math.round)).toEqual([128, 128, 128]);
    // OONI's own green and red, the pair this palette replaces, come out close.
    expect(distanceSeenBy("#5CB85C", "#D9534F", "deuteranopia")).toBeLessThan(MIN_DISTANCE);
    expect(toLab(parseHex("#FFFFFF"))[0]).toBeCloseTo(100, 3);
  });
});

describe.each(["light", "dark"] as const)("the %s palette", (theme) => {
  const p = PALETTES[theme];

  it.each(VISIONS)("keeps every pair of classes apart for %s vision", (vision) => {
    for (let i = 0; i < CHART_CLASSES.length; i++) {
      for (let j = i + 1; j < CHART_CLASSES.length; j++) {
        const [a, b] = [CHART_CLASSES[i], CHART_CLASSES[j]];
        const d = distanceSeenBy(p.classes[a], p.classes[b], vision);
        expect(d, `${a} vs ${b} (${vision}): ${d.toFixed(1)}`).toBeGreaterThanOrEqual(MIN_DISTANCE);
      }
    }
  });

  it("keeps classes apart from the background so bars read (WCAG 1.4.11 where a mark is the only cue)", () => {
    const bg = parseHex(p.background);
    for (const c of ["ok", "confirmed", "failure"] as const) {
      expect(contrastRatio(parseHex(p.classes[c]), bg), c).toBeGreaterThanOrEqual(3);
    }
  });

  it("meets WCAG AA (4.5:1) for text, secondary text and links on page and panel", () => {
    for (const bg of [p.background, p.panel]) {
      for (const fg of [p.text, p.muted, p.link]) {
        expect(contrastRatio(parseHex(fg), parseHex(bg)), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it("draws stage lines at 3:1 against the background", () => {
    for (const [stage, colour] of Object.entries(p.stages)) {
      expect(contrastRatio(parseHex(colour), parseHex(p.background)), stage).toBeGreaterThanOrEqual(3);
    }
  });
});

it("marks confirmed and failure with a pattern, so colour is never the only cue", () => {
  expect(CLASS_MARKS.confirmed).not.toBe("none");
  expect(CLASS_MARKS.failure).not.toBe("none");
  expect(CLASS_MARKS.confirmed).not.toBe(CLASS_MARKS.failure);
});
