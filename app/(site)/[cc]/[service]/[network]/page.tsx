import { TimelineView, timelineMetadata, type SearchParams } from "@/components/explorer/TimelineView";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params, searchParams }: { params: Promise<{ cc: string; service: string; network: string }>; searchParams: Promise<SearchParams> }) {
  const { cc, service, network } = await params;
  return timelineMetadata([cc, service, network], await searchParams);
}

export default async function NetworkPage({ params, searchParams }: { params: Promise<{ cc: string; service: string; network: string }>; searchParams: Promise<SearchParams> }) {
  const { cc, service, network } = await params;
  return <TimelineView segments={[cc, service, network]} searchParams={await searchParams} />;
}
