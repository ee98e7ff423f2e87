import { TimelineView, timelineMetadata, type SearchParams } from "@/components/explorer/TimelineView";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params, searchParams }: { params: Promise<{ cc: string; service: string }>; searchParams: Promise<SearchParams> }) {
  const { cc, service } = await params;
  return timelineMetadata([cc, service], await searchParams);
}

export default async function ServicePage({ params, searchParams }: { params: Promise<{ cc: string; service: string }>; searchParams: Promise<SearchParams> }) {
  const { cc, service } = await params;
  return <TimelineView segments={[cc, service]} searchParams={await searchParams} />;
}
