// Social cards (pure): OpenGraph and Twitter metadata for a chart's page, with the chart
// PNG as the card image (1200 px wide, title, dates and source drawn in), in Next.js's
// Metadata shape, so a timeline, comparison or event page adds them with one call from
// its generateMetadata.
import type { Metadata } from "next";

export interface SocialCardInput {
  title: string;
  description: string;
  /** The page's canonical URL. */
  url: string;
  /** The card image (chart.png with w=1200). */
  image: string;
  imageAlt: string;
  lang: string;
}

export function socialMetadata(c: SocialCardInput): Metadata {
  return {
    title: c.title,
    description: c.description,
    alternates: { canonical: c.url },
    openGraph: {
      type: "article",
      siteName: "Vantage",
      title: c.title,
      description: c.description,
      url: c.url,
      locale: c.lang === "ru" ? "ru_RU" : "en_GB",
      images: [{ url: c.image, width: 1200, alt: c.imageAlt, type: "image/png" }],
    },
    twitter: { card: "summary_large_image", title: c.title, description: c.description, images: [{ url: c.image, alt: c.imageAlt }] },
  };
}
