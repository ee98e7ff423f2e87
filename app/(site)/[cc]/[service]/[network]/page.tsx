import { TimelineView, type SearchParams } from "@/components/explorer/TimelineView";

export const dynamic = "force-dynamic";

export default async function NetworkPage({ params, searchParams }: { params: Promise<{ cc: string; service: string; network: string }>; searchParams: Promise<SearchParams> }) {
  const { cc, service, network } = await params;
  return <TimelineView segments={[cc, service, network]} searchParams={await searchParams} />;
}
